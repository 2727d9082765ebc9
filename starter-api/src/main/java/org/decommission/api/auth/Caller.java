package org.decommission.api.auth;

import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;

/** Who is calling: the token's subject, and whether its {@code roles} claim holds {@code admin}. */
public record Caller(String user, boolean admin) {

  public static Caller of(Authentication authentication) {
    boolean admin = authentication.getAuthorities().stream().anyMatch(a -> a.getAuthority().equals("ROLE_admin"));
    return new Caller(authentication.getName(), admin);
  }

  /** Whether this caller may see and change a deployment owned by {@code owner}. */
  public boolean mayAccess(String owner) {
    return admin || user.equals(owner);
  }

  static List<String> roles(Jwt jwt) {
    Object roles = jwt.getClaims().get("roles");
    if (roles instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    if (roles instanceof String s) {
      return List.of(s.split("[ ,]+"));
    }
    return List.of();
  }
}
