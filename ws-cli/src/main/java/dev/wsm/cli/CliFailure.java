package dev.wsm.cli;

/** A failure to report to the operator as one line, with the process exit code. */
final class CliFailure extends RuntimeException {
  private final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
