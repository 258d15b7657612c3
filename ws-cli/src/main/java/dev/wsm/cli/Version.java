package dev.wsm.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/** The version of this build, from {@code wsm-version.properties} (filled in by Maven). */
final class Version implements CommandLine.IVersionProvider {
  static String current() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/wsm-version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown"
    }
    return p.getProperty("version", "unknown");
  }

  @Override
  public String[] getVersion() {
    return new String[] {"wsm " + current()};
  }
}
