package dev.wsm.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/** Runs a picocli command as {@code wsm-bench} would, with its stdout and stderr captured. */
public final class CommandRun {
  private CommandRun() {}

  /** The command's exit code; what it printed lands in {@code out} and {@code err}. */
  public static int run(Object command, ByteArrayOutputStream out, ByteArrayOutputStream err,
      String... args) {
    PrintStream savedErr = System.err;
    PrintStream savedOut = System.out;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      return new CommandLine(command).execute(args);
    } finally {
      System.setErr(savedErr);
      System.setOut(savedOut);
    }
  }
}
