package org.decommission.activities.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

  @Test
  void theHmacIsHexHmacSha256OfTheUtf8BytesWithTheSecretAsKey() {
    // The test vector of HMAC-SHA256 in RFC 4231's companion list (and Wikipedia's).
    assertThat(WebhookSignature.hmac("key", "The quick brown fox jumps over the lazy dog"))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }

  @Test
  void theHeaderSignsTheTimeAndTheBodyJoinedByADot() {
    // Computed apart: python3 -c 'import hmac,hashlib; print(hmac.new(b"0123456789abcdef-secret",
    //   b"1767225600.{\"id\":42,\"newStatus\":\"DELETED\"}", hashlib.sha256).hexdigest())'
    assertThat(WebhookSignature.header("0123456789abcdef-secret", 1767225600L, "{\"id\":42,\"newStatus\":\"DELETED\"}"))
        .isEqualTo("t=1767225600,v1=295bb31db5e79f5b7c9008ead2c67a437d0f3cc9376d06a315a53bed8feacd39");
  }
}
