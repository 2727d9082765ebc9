package org.decommission.api.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Token verification: an HS256 secret of at least 32 bytes, or a JWK set URI for RS256. With
 * neither, a secret is generated in the data dir and an admin token written beside it.
 */
@ConfigurationProperties("decommission.auth")
public record AuthProperties(String jwtSecret, String jwkSetUri) {}
