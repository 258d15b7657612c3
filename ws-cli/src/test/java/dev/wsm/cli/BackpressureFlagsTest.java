package dev.wsm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.wsm.core.BackpressureOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class BackpressureFlagsTest {

  private static BackpressureOptions parse(String... args) {
    BackpressureFlags flags = new BackpressureFlags();
    new CommandLine(flags).parseArgs(args);
    return flags.toOptions();
  }

  @Test
  void noFlagsGiveTheCoreDefaults() {
    assertThat(parse()).isEqualTo(BackpressureOptions.DEFAULTS);
  }

  @Test
  void everyFlagReachesItsOption() {
    assertThat(parse("--max-pending-per-connection", "8", "--max-pending-per-node", "1000"))
        .isEqualTo(new BackpressureOptions(8, 1000));
  }

  @ParameterizedTest(name = "{0} is refused naming the flag")
  @CsvSource(delimiter = ';', value = {
      "--max-pending-per-connection 0; --max-pending-per-connection must be at least 1 (was 0)",
      "--max-pending-per-node -1; --max-pending-per-node must be at least 1 (was -1)",
      "--max-pending-per-node 32; --max-pending-per-connection (64) must not be above "
          + "--max-pending-per-node (32)"})
  void badValuesAreRefusedWithAClearMessage(String args, String message) {
    assertThatIllegalArgumentException().isThrownBy(() -> parse(args.split(" ")))
        .withMessage(message);
  }
}
