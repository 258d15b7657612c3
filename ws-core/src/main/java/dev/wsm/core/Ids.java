package dev.wsm.core;

/**
 * Shared validation for the typed ids: 1 to 128 characters; no control, format (e.g. right-to-left
 * override), line/paragraph separator characters or unpaired surrogates, so ids cannot disguise
 * themselves as other ids when displayed.
 */
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
    for (int i = 0; i < value.length(); ) {
      int cp = value.codePointAt(i);
      int type = Character.getType(cp);
      if (Character.isISOControl(cp) || type == Character.FORMAT || type == Character.SURROGATE
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
        throw new IllegalArgumentException(kind + " must not contain control, format or"
            + " separator characters");
      }
      i += Character.charCount(cp);
    }
    return value;
  }
}
