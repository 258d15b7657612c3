package dev.wsm.bench.load;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code wsm-bench stall}: connects clients that join a room and then never read, for
 * {@code --seconds}, so a load run beside it shows what slow consumers cost everyone else. Each
 * socket's receive buffer is small, so the server's queue for it fills quickly.
 */
@Command(name = "stall", description = "Clients that join a room, then never read (slow consumers).")
public final class StallCommand implements Callable<Integer> {
  @Option(names = "--url", required = true, description = "ws://host:port/path")
  URI url;

  @Option(names = "-n", defaultValue = "10", description = "stalled clients (default ${DEFAULT-VALUE}, at most 1,000)")
  int count;

  @Option(names = "--room", defaultValue = "room-0", description = "room to join (default ${DEFAULT-VALUE})")
  String room;

  @Option(names = "--seconds", defaultValue = "60", description = "how long to stay (default ${DEFAULT-VALUE}, at most 600)")
  int seconds;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || count > 1000 || seconds < 1 || seconds > 600 || !"ws".equals(url.getScheme())) {
      System.err.println("wsm-bench stall: -n 1..1000, --seconds 1..600, --url ws://host:port/path");
      return 2;
    }
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(url.getHost(), url.getPort()), 10_000);
        s.setSoTimeout(10_000);
        sockets.add(s);
        OutputStream out = s.getOutputStream();
        String path = url.getRawPath() + "?user=stalled-" + i;
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        readHeaders(s.getInputStream());
        byte[] join = ClientFrames.text("{\"type\":\"join\",\"room\":\"" + room + "\"}");
        ByteBuffer frame = ByteBuffer.allocate(ClientFrames.frameSize(join.length));
        ClientFrames.write(frame, ClientFrames.TEXT, join);
        out.write(frame.array());
        out.flush();
      }
      System.out.println("stalling " + count + " clients in " + room + " for " + seconds + " s");
      Thread.sleep(seconds * 1000L);
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
    return 0;
  }

  private static void readHeaders(InputStream in) throws Exception {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IllegalStateException("the server closed the connection during the upgrade");
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }
}
