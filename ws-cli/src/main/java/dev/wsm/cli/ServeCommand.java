package dev.wsm.cli;

import com.google.inject.Guice;
import com.google.inject.multibindings.OptionalBinder;
import dev.wsm.core.BackpressureOptions;
import dev.wsm.core.CoreModule;
import dev.wsm.core.Hub;
import dev.wsm.core.HubOptions;
import dev.wsm.core.LimitOptions;
import dev.wsm.core.ResumeOptions;
import dev.wsm.core.WsException;
import dev.wsm.core.spi.TlsSettings;
import dev.wsm.store.sqlite.Durability;
import dev.wsm.store.sqlite.SqliteOptions;
import dev.wsm.store.sqlite.SqliteStoreException;
import dev.wsm.store.sqlite.SqliteStoreModule;
import dev.wsm.store.redis.RedisOptions;
import dev.wsm.store.redis.RedisStoreException;
import dev.wsm.store.redis.RedisStoreModule;
import dev.wsm.transport.javawebsocket.JavaWebSocketOptions;
import dev.wsm.transport.javawebsocket.JavaWebSocketTransportModule;
import dev.wsm.transport.netty.NettyOptions;
import dev.wsm.transport.netty.NettyTransportModule;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wsm serve}: runs a server until Ctrl-C (SIGINT/SIGTERM), then shuts down gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run a wsm server. Every option also reads an environment variable.")
final class ServeCommand implements Callable<Integer> {
  /** Exit code when the store cannot be opened (bad path, not a database, in use, ...). */
  static final int EXIT_STORE = 3;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--host", defaultValue = "${env:WSM_HOST:-127.0.0.1}",
      description = "Address to bind (env WSM_HOST, default ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "${env:WSM_PORT:-8080}",
      description = "Port, 0 for any free one (env WSM_PORT, default ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--path", defaultValue = "${env:WSM_PATH:-/ws}",
      description = "WebSocket path (env WSM_PATH, default ${DEFAULT-VALUE}).")
  String path;

  @Option(names = "--max-message-size", defaultValue = "${env:WSM_MAX_MESSAGE_SIZE:-65536}",
      description = "Largest inbound message in bytes; larger closes with 1009 (default ${DEFAULT-VALUE}).")
  int maxMessageSize;

  @Option(names = "--heartbeat-interval", defaultValue = "${env:WSM_HEARTBEAT_INTERVAL:-25}",
      description = "Seconds between server pings (default ${DEFAULT-VALUE}).")
  long heartbeatInterval;

  @Option(names = "--heartbeat-timeout", defaultValue = "${env:WSM_HEARTBEAT_TIMEOUT:-60}",
      description = "Seconds of silence before a connection is closed with 4000 (default ${DEFAULT-VALUE}).")
  long heartbeatTimeout;

  @Option(names = "--max-connections-per-user", defaultValue = "${env:WSM_MAX_CONNECTIONS_PER_USER:-10}",
      description = "Connections one user may hold, 0 for no limit (default ${DEFAULT-VALUE}).")
  int maxConnectionsPerUser;

  @Option(names = "--membership-events-max-members",
      defaultValue = "${env:WSM_MEMBERSHIP_EVENTS_MAX_MEMBERS:-" + HubOptions.DEFAULT_MEMBERSHIP_EVENTS_MAX_MEMBERS + "}",
      description = "joined/left go to a room's members only while it has at most this many members"
          + " on this node, 0 for never (default ${DEFAULT-VALUE}).")
  int membershipEventsMaxMembers;

  @Option(names = "--transport", defaultValue = "${env:WSM_TRANSPORT:-netty}",
      description = "netty or java-websocket (env WSM_TRANSPORT, default ${DEFAULT-VALUE}).")
  String transport;

  @Option(names = "--ack-scope", defaultValue = "${env:WSM_ACK_SCOPE:-user}",
      description = "What an inbox ack clears: user (the message, for every device of the user) or "
          + "device (the acking device's copy only; see docs/protocol.md) (env WSM_ACK_SCOPE, "
          + "default ${DEFAULT-VALUE}).")
  String ackScope;

  @Option(names = "--store", defaultValue = "${env:WSM_STORE:-sqlite}",
      description = "sqlite (durable, in --db), redis (shared by every node on --redis) or memory "
          + "(lost at exit) (env WSM_STORE, default ${DEFAULT-VALUE}).")
  String store;

  @Option(names = "--redis", defaultValue = "${env:WSM_REDIS_URL:-redis://127.0.0.1:6379}",
      description = "Redis server of --store redis: redis://[:password@]host:port[/db], rediss:// "
          + "for TLS (env WSM_REDIS_URL, default ${DEFAULT-VALUE}). Nodes sharing it also need the "
          + "same --session-secret.")
  String redis;

  @Option(names = "--redis-prefix", defaultValue = "${env:WSM_REDIS_PREFIX:-wsm:}",
      description = "Put before every Redis key, so that several clusters can share one Redis; "
          + "ends with ':' (env WSM_REDIS_PREFIX, default ${DEFAULT-VALUE}).")
  String redisPrefix;

  @Option(names = "--db", defaultValue = "${env:WSM_DB:-wsm.db}",
      description = "SQLite database file; created if missing (env WSM_DB, default ./${DEFAULT-VALUE}).")
  Path db;

  @Option(names = "--durability", defaultValue = "${env:WSM_DURABILITY:-power-loss}",
      description = "What an acknowledged write survives: power-loss (fsync per commit batch) or "
          + "process-crash (no fsync) (env WSM_DURABILITY, default ${DEFAULT-VALUE}).")
  String durability;

  @Option(names = "--session-secret", defaultValue = "${env:WSM_SESSION_SECRET}",
      description = "Key (32+ characters) that signs resume session tokens (env WSM_SESSION_SECRET). "
          + "Default with --store sqlite: kept in <db>.key, made on first start; with memory or redis: "
          + "random (nodes sharing a Redis need the same secret).")
  String sessionSecret;

  @Option(names = "--allow-anonymous", defaultValue = "${env:WSM_ALLOW_ANONYMOUS:-false}",
      description = "Allow development-mode anonymous users on a non-loopback address.")
  boolean allowAnonymous;

  @CommandLine.Mixin
  AuthOptions auth;

  @CommandLine.Mixin
  LimitFlags limitFlags = new LimitFlags();

  @CommandLine.Mixin
  BackpressureFlags backpressureFlags = new BackpressureFlags();

  @Option(names = "--tls-cert", defaultValue = "${env:WSM_TLS_CERT}",
      description = "PEM certificate chain for wss:// (with --tls-key; env WSM_TLS_CERT).")
  Path tlsCert;

  @Option(names = "--tls-key", defaultValue = "${env:WSM_TLS_KEY}",
      description = "PEM private key (unencrypted PKCS#8) of --tls-cert (env WSM_TLS_KEY).")
  Path tlsKey;

  @Option(names = "--tls-keystore", defaultValue = "${env:WSM_TLS_KEYSTORE}",
      description = "PKCS12 or JKS keystore for wss:// (with --tls-password; env WSM_TLS_KEYSTORE).")
  Path tlsKeystore;

  @Option(names = "--tls-password", defaultValue = "${env:WSM_TLS_PASSWORD}",
      description = "Password of --tls-keystore (env WSM_TLS_PASSWORD).")
  String tlsPassword;

  @Override
  public Integer call() throws Exception {
    HubOptions hubOptions;
    com.google.inject.Module transportModule;
    com.google.inject.Module storeModule;
    String storeDescription;
    String secret;
    LimitOptions limits;
    BackpressureOptions backpressure;
    try {
      limits = limitFlags.toOptions();
      backpressure = backpressureFlags.toOptions();
      hubOptions = HubOptions.DEFAULTS
          .withHeartbeat(Duration.ofSeconds(heartbeatInterval), Duration.ofSeconds(heartbeatTimeout))
          .withMaxConnectionsPerUser(maxConnectionsPerUser)
          .withMembershipEventsMaxMembers(membershipEventsMaxMembers);
      TlsSettings tls = tls();
      transportModule = switch (transport) {
        case "netty" -> new NettyTransportModule(NettyOptions.DEFAULTS.withHost(host).withPort(port)
            .withPath(path).withMaxMessageSize(maxMessageSize).withTls(tls));
        case "java-websocket" -> new JavaWebSocketTransportModule(JavaWebSocketOptions.DEFAULTS
            .withHost(host).withPort(port).withPath(path).withMaxMessageSize(maxMessageSize)
            .withTls(tls));
        default -> throw new IllegalArgumentException(
            "transport must be netty or java-websocket (was " + transport + ")");
      };
      Durability chosen = switch (durability) {
        case "power-loss" -> Durability.POWER_LOSS;
        case "process-crash" -> Durability.PROCESS_CRASH;
        default -> throw new IllegalArgumentException(
            "durability must be power-loss or process-crash (was " + durability + ")");
      };
      secret = sessionSecret;
      switch (store) {
        case "sqlite" -> {
          if (secret == null) {
            secret = SessionKeyFile.readOrCreate(Path.of(db.toAbsolutePath() + ".key"));
          }
          storeModule = new SqliteStoreModule(SqliteOptions.at(db).withDurability(chosen));
          storeDescription = "sqlite " + db.toAbsolutePath().normalize() + ", durability " + durability;
        }
        case "redis" -> {
          RedisOptions redisOptions = RedisOptions.at(redis).withKeyPrefix(redisPrefix);
          storeModule = new RedisStoreModule(redisOptions);
          storeDescription = "redis " + redisOptions.uri().getHost() + ":"
              + (redisOptions.uri().getPort() > 0 ? redisOptions.uri().getPort() : 6379);
        }
        case "memory" -> {
          storeModule = binder -> { };
          storeDescription = "memory (nothing survives a restart)";
        }
        default -> throw new IllegalArgumentException(
            "store must be sqlite, redis or memory (was " + store + ")");
      }
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    com.google.inject.Module authModule = auth.module(spec.commandLine());
    boolean devMode = authModule == null;
    if (devMode && !isLoopback(host) && !allowAnonymous) {
      throw new CliFailure(2, "refusing to bind " + host + " in development mode: anonymous users "
          + "are only allowed on loopback. Bind 127.0.0.1, configure authentication (--jwt-secret "
          + "or --jwt-public-key), or pass --allow-anonymous if you really mean to expose an "
          + "unauthenticated server.");
    }
    ResumeOptions resume;
    try {
      resume = secret == null ? ResumeOptions.DEFAULTS : ResumeOptions.DEFAULTS.withSecret(secret);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    com.google.inject.Module resumeModule = binder -> OptionalBinder
        .newOptionalBinder(binder, ResumeOptions.class).setBinding().toInstance(resume);
    com.google.inject.Module limitsModule = binder -> {
      OptionalBinder.newOptionalBinder(binder, LimitOptions.class).setBinding().toInstance(limits);
      OptionalBinder.newOptionalBinder(binder, BackpressureOptions.class).setBinding()
          .toInstance(backpressure);
    };
    dev.wsm.core.InboxOptions inbox = inboxOptions();
    com.google.inject.Module inboxModule = binder -> OptionalBinder
        .newOptionalBinder(binder, dev.wsm.core.InboxOptions.class).setBinding()
        .toInstance(inbox);
    Hub hub = Guice.createInjector(new CoreModule(hubOptions), transportModule, storeModule,
        resumeModule, limitsModule, inboxModule, devMode ? binder -> { } : authModule).getInstance(Hub.class);
    try {
      hub.start();
    } catch (SqliteStoreException e) {
      if (SessionKeyFile.created()) {
        java.nio.file.Files.deleteIfExists(Path.of(db.toAbsolutePath() + ".key"));
      }
      throw new CliFailure(EXIT_STORE, e.getMessage());
    } catch (RedisStoreException e) {
      throw new CliFailure(EXIT_STORE, e.getMessage());
    } catch (WsException e) {
      throw new CliFailure(1, e.getMessage());
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      hub.shutdown(Duration.ofSeconds(5));
      spec.commandLine().getOut().println("wsm stopped");
      spec.commandLine().getOut().flush();
      stopped.countDown();
    }, "wsm-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("wsm " + Version.current() + " serving " + hub.url()
        + " (transport: " + transport + ", store: " + storeDescription + ", auth: "
        + (devMode ? "development mode, user id from ?user=" : auth.describe()) + ") - Ctrl-C to stop");
    out.flush();
    if (devMode) {
      spec.commandLine().getErr().println(isLoopback(host)
          ? "wsm: WARNING: development mode: no authentication, clients pick their user id with ?user=;"
              + " configure --jwt-secret or --jwt-public-key before exposing the server"
          : "wsm: WARNING: anonymous development mode on " + host
              + ": anyone who can reach this address can connect as any user");
      spec.commandLine().getErr().flush();
    }
    stopped.await();
    return 0;
  }

  /** The TLS settings from the --tls-* options, checked by reading them; null without TLS. */
  private TlsSettings tls() {
    if (tlsCert == null && tlsKey == null && tlsKeystore == null && tlsPassword == null) {
      return null;
    }
    TlsSettings tls = new TlsSettings(tlsKeystore, tlsPassword, tlsCert, tlsKey);
    tls.sslContext(); // a missing file or a wrong password fails here, with the file named
    return tls;
  }

  private dev.wsm.core.InboxOptions inboxOptions() {
    return switch (ackScope) {
      case "user" -> new dev.wsm.core.InboxOptions(dev.wsm.core.AckScope.USER);
      case "device" -> new dev.wsm.core.InboxOptions(dev.wsm.core.AckScope.DEVICE);
      default -> throw new CommandLine.ParameterException(spec.commandLine(),
          "ack-scope must be user or device (was " + ackScope + ")");
    };
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new CliFailure(2, "unknown host: " + host);
    }
  }
}
