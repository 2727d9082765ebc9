package org.decommission.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The kernel's tables of listening TCP sockets ({@code /proc/net/tcp}, {@code tcp6}): which
 * addresses listen on a port, and which ports a set of processes listens on (by the socket inodes
 * in their {@code /proc/<pid>/fd}). Linux only, as the machines this runs on.
 */
public final class SocketTable {
  /** The loopback address as the tables spell it: IPv4, IPv4-mapped IPv6, IPv6. */
  public static final List<String> LOOPBACK = List.of("0100007F", "0000000000000000FFFF00000100007F", "00000000000000000000000001000000");

  private static final String LISTEN = "0A";

  private SocketTable() {}

  /** One listening socket: its local address (hex, as the table spells it), port and inode. */
  public record Listening(String address, int port, long inode) {}

  public static List<Listening> listening() {
    List<Listening> result = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      for (String line : lines(Path.of(table))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 9 && f[3].equals(LISTEN) && f[1].contains(":")) {
          String[] local = f[1].split(":");
          result.add(new Listening(local[0], Integer.parseInt(local[1], 16), Long.parseLong(f[9])));
        }
      }
    }
    return result;
  }

  /** The local addresses on which something listens on TCP {@code port}. */
  public static List<String> addresses(int port) {
    return listening().stream().filter(l -> l.port() == port).map(Listening::address).toList();
  }

  /** The ports the processes listen on, with the addresses each listens on. */
  public static Map<Integer, Set<String>> portsOf(Set<Long> pids) {
    Set<Long> inodes = new HashSet<>();
    for (long pid : pids) {
      Path fds = Path.of("/proc", Long.toString(pid), "fd");
      try (Stream<Path> entries = Files.list(fds)) {
        entries.forEach(fd -> {
          try {
            String target = Files.readSymbolicLink(fd).toString();
            if (target.startsWith("socket:[")) {
              inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
            }
          } catch (IOException closedMeanwhile) {
            // The descriptor was closed between the listing and the read.
          }
        });
      } catch (IOException gone) {
        // The process ended meanwhile.
      }
    }
    Map<Integer, Set<String>> ports = new TreeMap<>();
    for (Listening l : listening()) {
      if (inodes.contains(l.inode())) {
        ports.computeIfAbsent(l.port(), p -> new TreeSet<>()).add(l.address());
      }
    }
    return ports;
  }

  private static List<String> lines(Path table) {
    try {
      return Files.exists(table) ? Files.readAllLines(table) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
