package org.decommission.activities.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** A generated secret kept in a file only its owner may read (0600), made once and reused. */
final class PasswordFile {
  private PasswordFile() {}

  static Path ensure(Path file) throws IOException {
    if (Files.exists(file)) {
      return file;
    }
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, HexFormat.of().formatHex(bytes) + "\n");
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return file;
  }
}
