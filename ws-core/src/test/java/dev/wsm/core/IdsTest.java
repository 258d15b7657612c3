package dev.wsm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class IdsTest {
  static Stream<Named<Function<String, Object>>> idTypes() {
    return Stream.of(
        Named.of("RoomId", RoomId::of),
        Named.of("UserId", UserId::of),
        Named.of("ConnectionId", ConnectionId::of),
        Named.of("MessageId", MessageId::of));
  }

  @ParameterizedTest
  @MethodSource("idTypes")
  void refusesNullAndEmpty(Function<String, Object> id) {
    assertThatIllegalArgumentException().isThrownBy(() -> id.apply(null));
    assertThatIllegalArgumentException().isThrownBy(() -> id.apply(""));
  }

  @ParameterizedTest
  @MethodSource("idTypes")
  void acceptsUpTo128Characters(Function<String, Object> id) {
    assertThat(id.apply("x").toString()).isEqualTo("x");
    assertThat(id.apply("x".repeat(128)).toString()).hasSize(128);
    assertThatIllegalArgumentException().isThrownBy(() -> id.apply("x".repeat(129)));
  }

  @ParameterizedTest
  @MethodSource("idTypes")
  void refusesControlCharacters(Function<String, Object> id) {
    for (String bad : new String[] {"a\u0000b", "line\n", "\tx", "del\u007f", "c1\u0085"}) {
      assertThatIllegalArgumentException().as("%s", bad.codePoints().toArray())
          .isThrownBy(() -> id.apply(bad));
    }
  }

  @ParameterizedTest
  @MethodSource("idTypes")
  void acceptsSpacesPunctuationAndUnicode(Function<String, Object> id) {
    String[] goods = {"room 1", "a:b/c-d_e.f", "caf\u00e9", "\u6771\u4eac", "\ud83d\ude00"};
    for (String good : goods) {
      assertThat(id.apply(good).toString()).isEqualTo(good);
    }
  }

  @Test
  void idsOfTheSameValueAreEqualAndOrderedByValue() {
    assertThat(RoomId.of("a")).isEqualTo(new RoomId("a")).isLessThan(RoomId.of("b"));
    assertThat(UserId.of("a")).isEqualTo(new UserId("a")).isLessThan(UserId.of("b"));
    assertThat(ConnectionId.of("a")).isLessThan(ConnectionId.of("b"));
    assertThat(MessageId.of("a")).isLessThan(MessageId.of("b"));
  }

  @Test
  void randomIdsAreUrlSafeAndDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String connection = ConnectionId.random().value();
      String message = MessageId.random().value();
      assertThat(connection).matches("[A-Za-z0-9_-]{22}");
      assertThat(message).matches("[A-Za-z0-9_-]{22}");
      assertThat(seen.add(connection)).isTrue();
      assertThat(seen.add(message)).isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("idTypes")
  void refusesCharactersThatDisguiseAnId(Function<String, Object> id) {
    for (String bad : new String[] {"admin\u202e", "a\u200bb", "x\u2028", "lone\ud800"}) {
      assertThatIllegalArgumentException().as("%s", bad.codePoints().toArray())
          .isThrownBy(() -> id.apply(bad));
    }
  }
}
