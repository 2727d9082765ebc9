package org.decommission.api.deployment;

import java.time.Duration;
import java.util.function.Supplier;
import org.decommission.activities.store.IdempotencyKeys;
import org.decommission.api.ApiException;
import org.decommission.api.ProblemHandler;
import org.decommission.api.auth.Caller;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for create and delete: the first request with a key is answered and its
 * answer kept (errors too); a repeat with the same key and the same request gets that answer and
 * does nothing new. The same key for a different request is refused (422); a repeat while the
 * first is still being answered gets 409. A failure on our side (5xx) frees the key.
 */
@Component
class Idempotency {
  static final int MAX_KEY = 200;

  private final IdempotencyKeys keys;
  private final JsonMapper json;
  /** How long a key's first answer is kept and replayed ({@code decommission.api.idempotency-ttl}). */
  private final Duration ttl;

  Idempotency(IdempotencyKeys keys, JsonMapper json, @Value("${decommission.api.idempotency-ttl:24h}") Duration ttl) {
    this.keys = keys;
    this.json = json;
    this.ttl = ttl;
  }

  ResponseEntity<?> once(Caller caller, String key, String request, Supplier<ResponseEntity<?>> action) {
    if (key == null) {
      return action.get();
    }
    if (key.isBlank() || key.length() > MAX_KEY || key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
      throw new ApiException(HttpStatus.BAD_REQUEST, "Bad Idempotency-Key", "a key is 1 to " + MAX_KEY + " visible ASCII characters");
    }
    if (!keys.claim(caller.user(), key, request, ttl)) {
      IdempotencyKeys.Answer first = keys.find(caller.user(), key).orElseThrow();
      if (!first.request().equals(request)) {
        throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency-Key reused",
            "the key '" + key + "' was used for a different request (" + first.request() + "); use a new key");
      }
      if (first.status() == 0) {
        throw ApiException.conflict("Request in progress", "the first request with the key '" + key + "' is still being answered; retry");
      }
      return ResponseEntity.status(first.status()).header("Idempotent-Replayed", "true")
          .contentType(MediaType.parseMediaType(first.contentType())).body(first.body());
    }
    try {
      ResponseEntity<?> answer = action.get();
      keys.complete(caller.user(), key, answer.getStatusCode().value(), MediaType.APPLICATION_JSON_VALUE, json.writeValueAsString(answer.getBody()));
      return answer;
    } catch (ApiException e) {
      if (e.status().is5xxServerError()) {
        keys.release(caller.user(), key);
      } else {
        keys.complete(caller.user(), key, e.status().value(), MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            json.writeValueAsString(ProblemHandler.of(e)));
      }
      throw e;
    } catch (RuntimeException e) {
      keys.release(caller.user(), key);
      throw e;
    }
  }
}
