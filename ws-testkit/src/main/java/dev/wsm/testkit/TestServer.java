package dev.wsm.testkit;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.CoreModule;
import dev.wsm.core.Hub;
import dev.wsm.core.HubOptions;
import dev.wsm.core.LimitOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A started wsm server for tests: {@link CoreModule} with the given options, abuse limits off unless
 * given, a transport module (bound to port 0) and any overriding modules (e.g. a store). Close it to
 * shut the hub down.
 */
public final class TestServer implements AutoCloseable {
  private final Injector injector;
  private final Hub hub;

  private TestServer(Injector injector) {
    this.injector = injector;
    this.hub = injector.getInstance(Hub.class);
  }

  /**
   * Builds the injector and starts the hub, with every abuse limit off ({@link LimitOptions#NONE}):
   * tests of other features may send as fast as they like.
   */
  public static TestServer start(HubOptions options, Module transport, Module... others) {
    return start(options, LimitOptions.NONE, transport, others);
  }

  /**
   * Builds the injector with the given abuse limits and starts the hub; {@code others} must not bind
   * {@link LimitOptions} again.
   */
  public static TestServer start(HubOptions options, LimitOptions limits, Module transport,
      Module... others) {
    List<Module> modules = new ArrayList<>();
    modules.add(new CoreModule(options));
    modules.add(binder -> OptionalBinder.newOptionalBinder(binder, LimitOptions.class).setBinding()
        .toInstance(limits));
    modules.add(transport);
    modules.addAll(List.of(others));
    TestServer server = new TestServer(Guice.createInjector(modules));
    server.hub.start();
    return server;
  }

  public Hub hub() {
    return hub;
  }

  public <T> T get(Class<T> type) {
    return injector.getInstance(type);
  }

  /** The server URL for a user, e.g. {@code ws://127.0.0.1:PORT/ws?user=alice}. */
  public URI uri(String user) {
    return withQuery("user=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
  }

  /** The server URL with a raw query string. */
  public URI withQuery(String query) {
    return URI.create(hub.url() + (query.isEmpty() ? "" : "?" + query));
  }

  /** Connects a client for a user and waits for its welcome. */
  public TestClient connect(String user) {
    return TestClient.connectWelcomed(uri(user));
  }

  @Override
  public void close() {
    hub.shutdown(Duration.ofSeconds(2));
  }
}
