package dev.wsm.testkit.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wsm.core.Connection;
import dev.wsm.core.HubListener;
import dev.wsm.core.RoomId;
import dev.wsm.testkit.TestClient;
import dev.wsm.testkit.TestServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Hub listeners over a real transport: connect, join, message, leave and disconnect arrive in order,
 * on the event threads, never on the transport's network threads.
 */
public abstract class ListenersContract extends TransportContract {

  @Test
  public void listenersSeeConnectJoinMessageLeaveAndDisconnectInOrderOffTheNetworkThreads()
      throws Exception {
    List<String> events = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    CountDownLatch disconnected = new CountDownLatch(1);
    try (TestServer server = start()) {
      server.hub().addListener(new HubListener() {
        @Override public void onConnect(Connection c) {
          record("connect " + c.user());
        }

        @Override public void onJoin(Connection c, RoomId room) {
          record("join " + room);
        }

        @Override public void onMessage(Connection c, RoomId room, JsonNode data) {
          record("message " + room + " " + data);
        }

        @Override public void onLeave(Connection c, RoomId room) {
          record("leave " + room);
        }

        @Override public void onDisconnect(Connection c, int code, String reason) {
          record("disconnect " + code);
          disconnected.countDown();
        }

        private void record(String event) {
          events.add(event);
          threads.add(Thread.currentThread().getName());
        }
      });
      try (TestClient c = server.connect("ann")) {
        c.request("type", "join", "room", "r");
        c.request("type", "publish", "room", "r", "data", 5);
        c.send("type", "publish", "room", "r", "data", 6); // no ref: no reply, still an event
        c.request("type", "leave", "room", "r");
      }
      assertThat(disconnected.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(events).containsExactly("connect ann", "join r", "message r 5", "message r 6", "leave r",
          "disconnect 1000");
      assertThat(threads).allMatch(name -> name.startsWith("wsm-events"));
    }
  }
}
