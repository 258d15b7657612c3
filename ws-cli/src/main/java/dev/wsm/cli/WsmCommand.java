package dev.wsm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wsm} command: the entry point of the runnable jar. */
@Command(
    name = "wsm",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "wsm: WebSocket connections at scale (rooms, presence, routing, delivery).",
    subcommands = {ServeCommand.class, TokenCommand.class, CommandLine.HelpCommand.class})
public final class WsmCommand implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required, e.g. 'wsm serve'");
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (also used by tests). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new WsmCommand());
    cli.addSubcommand("bench", new dev.wsm.bench.LoadCommand());
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine cmd = e.getCommandLine();
      cmd.getErr().println("wsm: " + e.getMessage());
      cmd.getErr().println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for the options.");
      return cmd.getCommandSpec().exitCodeOnInvalidInput();
    });
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("wsm: " + e.getMessage());
      return e instanceof CliFailure failure ? failure.exitCode() : 1;
    });
    return cli;
  }
}
