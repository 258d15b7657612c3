package dev.wsm.cli;

import dev.wsm.core.ResumeOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The key that signs resume session tokens, kept in a file beside the database so that sessions
 * survive a restart. Made on first use, readable by its owner only.
 */
final class SessionKeyFile {
  private SessionKeyFile() {}

  /** Whether the last {@link #readOrCreate} made the file (so a failed start can remove it). */
  private static volatile boolean created;

  static boolean created() {
    return created;
  }

  static String readOrCreate(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      return ResumeOptions.randomSecret(); // the store refuses the missing directory itself
    }
    try {
      if (!Files.exists(file)) {
        created = true;
        try {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(
              PosixFilePermissions.fromString("rw-------")));
          Files.writeString(file, ResumeOptions.randomSecret() + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException raced) {
          // another process made it first: read theirs
        } catch (UnsupportedOperationException notPosix) {
          Files.writeString(file, ResumeOptions.randomSecret() + "\n", StandardCharsets.UTF_8);
        }
      }
      String key = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (key.length() < 32) {
        throw new CliFailure(ServeCommand.EXIT_STORE, "session key file " + file
            + " holds fewer than 32 characters; delete it to make a new one (open sessions end)");
      }
      return key;
    } catch (IOException e) {
      throw new CliFailure(ServeCommand.EXIT_STORE, "cannot read or create the session key file "
          + file + ": " + e.getMessage());
    }
  }
}
