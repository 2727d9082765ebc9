package org.decommission.worker;

/**
 * One registry host's credentials ({@code decommission.registries[<host>].username} and
 * {@code .password}); the password is never logged nor shown.
 */
public record RegistryProperties(String username, String password) {
  @Override
  public String toString() {
    return "RegistryProperties[username=" + username + ", password=***]";
  }
}
