package org.decommission.api.auth;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.decommission.worker.DecommissionProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.core.convert.converter.Converter;

/**
 * Bearer JWT on every {@code /api/**} call; {@code /api/system/**} needs the {@code admin} role.
 * Health, the OpenAPI document, the Swagger UI and the dashboard's files are open (they hold no
 * data; the page asks the API with the token its user gives it). Failures answer as problem
 * documents. Every answer carries a Content-Security-Policy that lets a page load nothing but
 * this server's own files; the Swagger UI's pages may also apply the inline styles its bundle
 * writes.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(AuthProperties.class)
public class SecurityConfiguration {

  @Bean
  TokenKeys tokenKeys(AuthProperties auth, DecommissionProperties properties) {
    return TokenKeys.create(auth, properties.dataDirPath());
  }

  @Bean
  JwtDecoder jwtDecoder(TokenKeys keys) {
    return keys.decoder();
  }

  /**
   * Only this server's own scripts, styles, fonts and connections; images may also be data: URIs
   * (the Swagger UI's icons are). No inline script, no frames, no plug-ins.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
      + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
  /** The same, but for the inline styles of the Swagger UI's bundle (it still runs no inline script). */
  static final String SWAGGER_UI_POLICY = CONTENT_SECURITY_POLICY + "; style-src 'self' 'unsafe-inline'";

  private static HeaderWriter contentSecurityPolicy() {
    RequestMatcher swaggerUi = PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**");
    return (request, response) ->
        response.setHeader("Content-Security-Policy", swaggerUi.matches(request) ? SWAGGER_UI_POLICY : CONTENT_SECURITY_POLICY);
  }

  @Bean
  SecurityFilterChain apiSecurity(HttpSecurity http, JwtDecoder decoder) throws Exception {
    http.csrf(csrf -> csrf.disable())
        .headers(h -> h.addHeaderWriter(contentSecurityPolicy()))
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .authorizeHttpRequests(
            a ->
                // Event streams and errors continue on ASYNC and ERROR dispatches of a request
                // that was authorised when it began.
                a.dispatcherTypeMatchers(jakarta.servlet.DispatcherType.ASYNC, jakarta.servlet.DispatcherType.ERROR).permitAll()
                    .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                    .requestMatchers("/api/system/**", "/actuator/prometheus").hasRole("admin")
                    .requestMatchers("/api/**").authenticated()
                    .anyRequest().permitAll())
        .oauth2ResourceServer(
            o ->
                o.jwt(j -> j.decoder(decoder).jwtAuthenticationConverter(new RolesConverter()))
                    .authenticationEntryPoint((req, res, e) -> problem(res, HttpStatus.UNAUTHORIZED, "Unauthorized",
                        "a valid bearer token is required (" + e.getMessage() + "); the all-in-one writes an admin token to <data dir>/admin.token")))
        .exceptionHandling(
            e ->
                e.authenticationEntryPoint((req, res, ex) -> problem(res, HttpStatus.UNAUTHORIZED, "Unauthorized",
                        "a bearer token is required; the all-in-one writes an admin token to <data dir>/admin.token"))
                    .accessDeniedHandler((req, res, ex) -> problem(res, HttpStatus.FORBIDDEN, "Forbidden",
                        "this endpoint needs the admin role")));
    return http.build();
  }

  private static void problem(HttpServletResponse res, HttpStatus status, String title, String detail) throws IOException {
    if (status == HttpStatus.UNAUTHORIZED) {
      res.setHeader("WWW-Authenticate", "Bearer");
    }
    org.decommission.api.ProblemHandler.write(res, status.value(), title, detail);
  }

  /** The {@code roles} claim becomes {@code ROLE_<role>} authorities; the subject is the user. */
  static final class RolesConverter implements Converter<Jwt, AbstractAuthenticationToken> {
    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
      var authorities = Caller.roles(jwt).stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
      return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
    }
  }
}
