package dev.wsm.core;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The id of one of a user's devices (a phone, a browser profile), stable across its connections,
 * so that in {@link AckScope#DEVICE} mode each device keeps its own inbox ack position.
 *
 * @param value 1 to 64 characters of {@code A-Z a-z 0-9 . _ : -}
 */
public record DeviceId(String value) {
  /** The key of a {@link dev.wsm.core.spi.Principal} metadata entry naming the device. */
  public static final String METADATA_KEY = "device";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

  public DeviceId {
    if (value == null || !SAFE.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "device id must be 1 to 64 characters of A-Z a-z 0-9 . _ : -");
    }
  }

  public static DeviceId of(String value) {
    return new DeviceId(value);
  }

  /**
   * The device a principal's metadata names ({@value #METADATA_KEY}), or empty when it names none.
   *
   * @throws IllegalArgumentException if the metadata names an invalid device id
   */
  public static Optional<DeviceId> from(dev.wsm.core.spi.Principal principal) {
    String value = principal.metadata().get(METADATA_KEY);
    return value == null ? Optional.empty() : Optional.of(new DeviceId(value));
  }

  @Override
  public String toString() {
    return value;
  }
}
