package dev.wsm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/wsm}'s choice of JVM options, read from a stand-in {@code java} first on the PATH that
 * prints the arguments it was given.
 */
class LauncherIT {
  private static final Path LAUNCHER = Path.of("..", "bin", "wsm").toAbsolutePath().normalize();
  private static final String ONE_CORE = "-XX:TieredStopAtLevel=1 -Xmn64m";

  @TempDir
  Path fakeBin;

  @BeforeEach
  void putAStandInJavaFirstOnThePath() throws Exception {
    assumeThat(Path.of("/usr/bin/taskset")).as("taskset pins the launcher to CPUs").exists();
    Path java = fakeBin.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"java $*\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThat(WsmProcess.JAR).as("the launcher builds the jar when it is missing").exists();
  }

  @Test
  void onOneCpuTheLauncherUsesTheQuickCompilerAndASmallYoungGeneration() throws Exception {
    assertThat(launch("0", null)).isEqualTo("java " + ONE_CORE + " -jar " + WsmProcess.JAR
        + " --version");
  }

  @Test
  void onTwoCpusTheLauncherKeepsTheJvmDefaults() throws Exception {
    assumeThat(Runtime.getRuntime().availableProcessors()).isGreaterThanOrEqualTo(2);
    assertThat(launch("0,1", null)).isEqualTo("java -jar " + WsmProcess.JAR + " --version");
  }

  @Test
  void wsmJavaOptsReplacesTheChoiceEvenWhenEmpty() throws Exception {
    assertThat(launch("0", "")).isEqualTo("java -jar " + WsmProcess.JAR + " --version");
    assertThat(launch("0", "-Xmx1g -XX:+UseG1GC"))
        .isEqualTo("java -Xmx1g -XX:+UseG1GC -jar " + WsmProcess.JAR + " --version");
  }

  /** Runs {@code bin/wsm --version} pinned to {@code cpus}; returns what the stand-in printed. */
  private String launch(String cpus, String javaOpts) throws Exception {
    List<String> command = new ArrayList<>(List.of("taskset", "-c", cpus, "sh",
        LAUNCHER.toString(), "--version"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("PATH", fakeBin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.remove("WSM_JAVA_OPTS");
    if (javaOpts != null) {
      env.put("WSM_JAVA_OPTS", javaOpts);
    }
    Process p = builder.start();
    assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
