package org.decommission.activities.docker;

/** A user name and password for one registry host; the password never appears in {@link #toString()}. */
public record RegistryCredentials(String username, String password) {
  @Override
  public String toString() {
    return "RegistryCredentials[username=" + username + ", password=***]";
  }
}
