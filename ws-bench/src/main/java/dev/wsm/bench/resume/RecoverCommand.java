package dev.wsm.bench.resume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import com.google.inject.Module;
import dev.wsm.core.CoreModule;
import dev.wsm.core.Hub;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreModule;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wsm-bench recover}: how long a reconnecting client takes to recover {@code missed}
 * messages with {@code resume}, from sending the frame to receiving {@code recovered}, against an
 * in-process hub (Netty, SQLite in a temp folder, or memory). Bounded by {@code runs}.
 */
@Command(name = "recover", description = "Measure resume: time to recover N missed messages.")
public final class RecoverCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--missed", defaultValue = "1000", description = "messages missed per run (default ${DEFAULT-VALUE})")
  int missed;

  @Option(names = "--runs", defaultValue = "50", description = "recoveries measured (default ${DEFAULT-VALUE}, after 5 unmeasured)")
  int runs;

  @Option(names = "--store", defaultValue = "sqlite", description = "sqlite or memory (default ${DEFAULT-VALUE})")
  String store;

  /** One client: its frames in arrival order. */
  private static final class Client implements WebSocket.Listener {
    final LinkedBlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder part = new StringBuilder();
    WebSocket ws;

    static Client connect(HttpClient http, String url) throws Exception {
      Client c = new Client();
      c.ws = http.newWebSocketBuilder().buildAsync(URI.create(url), c).get(10, TimeUnit.SECONDS);
      return c;
    }

    @Override
    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
      part.append(data);
      if (last) {
        try {
          frames.add(JSON.readTree(part.toString()));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        part.setLength(0);
      }
      w.request(1);
      return null;
    }

    JsonNode await(String type) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        JsonNode f = frames.poll(100, TimeUnit.MILLISECONDS);
        if (f != null && type.equals(f.path("type").asText())) {
          return f;
        }
      }
      throw new IllegalStateException("no " + type + " within 30 s");
    }

    void send(String json) {
      ws.sendText(json, true).join();
    }
  }

  @Override
  public Integer call() throws Exception {
    Module storeModule = "memory".equals(store) ? binder -> { }
        : new SqliteStoreModule(SqliteOptions.at(Files.createTempDirectory("wsm-recover")
            .resolve("r.db")));
    // The publisher floods on purpose: abuse limits off.
    Hub hub = Guice.createInjector(new CoreModule(),
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)), storeModule,
        new dev.wsm.bench.NoLimits())
        .getInstance(Hub.class);
    hub.start();
    HttpClient http = HttpClient.newHttpClient();
    Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(30), 3);
    try {
      Client publisher = Client.connect(http, hub.url() + "?user=pub");
      publisher.await("welcome");
      publisher.send("{\"type\":\"join\",\"ref\":\"j\",\"room\":\"r\"}");
      publisher.await("reply");
      long published = 0;
      for (int run = 0; run < runs + 5; run++) {
        Client sub = Client.connect(http, hub.url() + "?user=sub");
        String session = sub.await("welcome").path("session").asText();
        sub.send("{\"type\":\"join\",\"ref\":\"j\",\"room\":\"r\"}");
        JsonNode stream = sub.await("reply").path("stream");
        String epoch = stream.path("epoch").asText();
        long offset = stream.path("offset").asLong();
        sub.ws.abort();
        for (int i = 0; i < missed; i++) {
          publisher.send("{\"type\":\"publish\",\"ref\":\"p" + (++published)
              + "\",\"room\":\"r\",\"data\":{\"n\":" + i + ",\"text\":\"a hundred bytes or so of payload in every message\"}}");
        }
        while (true) { // every publish committed before the resume starts
          JsonNode reply = publisher.await("reply");
          if (("p" + published).equals(reply.path("ref").asText())) {
            break;
          }
        }
        Client back = Client.connect(http, hub.url() + "?user=sub");
        back.await("welcome");
        long start = System.nanoTime();
        back.send("{\"type\":\"resume\",\"ref\":\"r\",\"session\":\"" + session
            + "\",\"rooms\":[{\"room\":\"r\",\"offset\":" + offset + ",\"epoch\":\"" + epoch + "\"}]}");
        JsonNode recovered = back.await("recovered");
        long took = System.nanoTime() - start;
        if (!recovered.path("recovered").asBoolean() || recovered.path("missed").asInt() != missed) {
          throw new IllegalStateException("recovery failed: " + recovered);
        }
        if (run >= 5) {
          h.recordValue(took);
        }
        back.ws.abort();
      }
    } finally {
      hub.shutdown(Duration.ofSeconds(5));
    }
    System.out.printf(Locale.ROOT, "{\"figure\":\"recover\",\"store\":\"%s\",\"missed\":%d,"
        + "\"runs\":%d,\"p50Ms\":%.2f,\"p99Ms\":%.2f,\"maxMs\":%.2f}%n", store, missed,
        h.getTotalCount(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
        h.getMaxValue() / 1e6);
    return 0;
  }
}
