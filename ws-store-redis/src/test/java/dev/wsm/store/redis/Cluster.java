package dev.wsm.store.redis;

import dev.wsm.core.HubOptions;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.util.ArrayList;
import java.util.List;

/**
 * Three real nodes (Netty on port 0) on the shared test Redis under one key prefix of their own,
 * and the clients connected to them; {@link #close()} closes the clients, stops the nodes and
 * deletes the prefix's keys.
 */
final class Cluster implements AutoCloseable {
  final RedisOptions options = RedisTestServer.shared().options();
  private final List<TestServer> nodes = new ArrayList<>();
  private final List<TestClient> clients = new ArrayList<>();
  final TestServer a = node();
  final TestServer b = node();
  final TestServer c = node();

  private TestServer node() {
    TestServer s = TestServer.start(HubOptions.DEFAULTS,
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)), new RedisStoreModule(options));
    nodes.add(s);
    return s;
  }

  /** A client of {@code user} on {@code node}, closed with the cluster. */
  TestClient connect(TestServer node, String user) {
    TestClient client = node.connect(user);
    clients.add(client);
    return client;
  }

  @Override
  public void close() {
    clients.forEach(TestClient::close);
    nodes.forEach(TestServer::close);
    RedisTestServer.shared().deleteKeys(options.keyPrefix());
  }
}
