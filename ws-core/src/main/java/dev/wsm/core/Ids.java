package dev.wsm.core;

/** Shared validation for the typed ids: 1 to 128 characters, no control characters. */
final class Ids {
  static final int MAX_LENGTH = 128;

  private Ids() {}

  static String check(String kind, String value) {
    if (value == null) {
      throw new IllegalArgumentException(kind + " must not be null");
    }
    if (value.isEmpty() || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(kind + " must be 1 to " + MAX_LENGTH + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new IllegalArgumentException(kind + " must not contain control characters");
      }
    }
    return value;
  }
}
