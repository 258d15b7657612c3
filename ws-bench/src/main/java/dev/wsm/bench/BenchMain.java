package dev.wsm.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code wsm-bench.jar}: the load tool, the baseline server and the JMH runner. */
@Command(name = "wsm-bench", mixinStandardHelpOptions = true,
    description = "Measure wsm: load tool, baseline server, JMH micro-benchmarks.",
    subcommands = {CommandLine.HelpCommand.class, LoadCommand.class, dev.wsm.bench.jmh.JmhCommand.class,
        dev.wsm.bench.baseline.BaselineCommand.class, dev.wsm.bench.store.SqliteCommand.class,
        dev.wsm.bench.resume.RecoverCommand.class, dev.wsm.bench.load.StallCommand.class,
        dev.wsm.bench.cluster.ClusterCommand.class, dev.wsm.bench.storm.StormCommand.class})
public final class BenchMain implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }
}
