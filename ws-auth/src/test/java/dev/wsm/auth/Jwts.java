package dev.wsm.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/** Test tokens: good ones, and every kind of bad one, signed with Nimbus. */
final class Jwts {
  static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";
  static final KeyPair RSA = generate("RSA", null);
  static final KeyPair EC = generate("EC", "secp256r1");

  private Jwts() {}

  static JWTClaimsSet.Builder claims(String user, Duration validFor) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().subject(user).claim("roles", List.of("agent", "eu"))
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(validFor)));
  }

  static String hs256(JWTClaimsSet.Builder claims) {
    return sign(JWSAlgorithm.HS256, macSigner(SECRET.getBytes(StandardCharsets.UTF_8)), claims);
  }

  static String rs256(JWTClaimsSet.Builder claims) {
    return sign(JWSAlgorithm.RS256, new RSASSASigner((RSAPrivateKey) RSA.getPrivate()), claims);
  }

  static String es256(JWTClaimsSet.Builder claims) {
    try {
      return sign(JWSAlgorithm.ES256, new ECDSASigner((ECPrivateKey) EC.getPrivate()), claims);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Key confusion: HS256 keyed with the bytes of the RSA public key (as PEM and as DER). */
  static List<String> hs256WithPublicKey(JWTClaimsSet.Builder claims) {
    return List.of(
        sign(JWSAlgorithm.HS256, macSigner(pem(RSA).getBytes(StandardCharsets.US_ASCII)), claims),
        sign(JWSAlgorithm.HS256, macSigner(RSA.getPublic().getEncoded()), claims));
  }

  /** {@code alg: none}, with an empty signature, and with the header forged onto a signed token. */
  static List<String> algNone(JWTClaimsSet.Builder claims) {
    String payload = Base64URL.encode(claims.build().toString()).toString();
    String header = Base64URL.encode("{\"alg\":\"none\"}").toString();
    String headerTyp = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}").toString();
    String signed = hs256(claims);
    return List.of(header + "." + payload + ".", headerTyp + "." + payload + ".",
        header + "." + payload + "." + signed.substring(signed.lastIndexOf('.') + 1),
        Base64URL.encode("{\"alg\":\"NONE\"}") + "." + payload + ".");
  }

  /** A good token with its payload swapped for another user's: the signature no longer matches. */
  static String forged(JWTClaimsSet.Builder claims) {
    String token = hs256(claims);
    String[] parts = token.split("\\.");
    String payload = Base64URL.encode(claims.subject("admin").build().toString()).toString();
    return parts[0] + "." + payload + "." + parts[2];
  }

  static String pem(KeyPair pair) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static MACSigner macSigner(byte[] key) {
    try {
      return new MACSigner(key);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(JWSAlgorithm alg, JWSSigner signer, JWTClaimsSet.Builder claims) {
    SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims.build());
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static KeyPair generate(String algorithm, String curve) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      if (curve == null) {
        generator.initialize(2048);
      } else {
        generator.initialize(new ECGenParameterSpec(curve));
      }
      return generator.generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
