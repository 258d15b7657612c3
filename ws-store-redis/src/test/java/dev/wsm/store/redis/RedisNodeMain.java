package dev.wsm.store.redis;

import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.HubOptions;
import dev.wsm.core.ResumeOptions;
import dev.wsm.testkit.TestServer;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.io.IOException;
import java.time.Duration;

/**
 * A wsm node on the Redis stores in a JVM of its own, for the tests that kill a node: prints
 * {@code PORT <port>} once it listens, and shuts down when its stdin ends.
 * Arguments: Redis URI, key prefix, node lease in milliseconds, session secret.
 */
public final class RedisNodeMain {
  private RedisNodeMain() {}

  public static void main(String[] args) throws IOException {
    RedisOptions options = RedisOptions.at(args[0]).withKeyPrefix(args[1])
        .withPresenceLease(Duration.ofMillis(Long.parseLong(args[2])));
    ResumeOptions resume = ResumeOptions.DEFAULTS.withSecret(args[3]);
    TestServer server = TestServer.start(HubOptions.DEFAULTS,
        new NettyTransportModule(NettyOptions.DEFAULTS.withPort(0)), new RedisStoreModule(options),
        binder -> OptionalBinder.newOptionalBinder(binder, ResumeOptions.class).setBinding()
            .toInstance(resume));
    System.out.println("PORT " + server.hub().address().getPort());
    System.out.flush();
    while (System.in.read() >= 0) {
      // until the parent closes our stdin
    }
    server.close();
  }
}
