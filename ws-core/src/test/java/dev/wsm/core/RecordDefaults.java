package dev.wsm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pins every default of an options record, in the style of Airlift's {@code
 * assertRecordedDefaults}: the expected map must name every record component, so a new option fails
 * the test until its default is pinned too.
 */
public final class RecordDefaults {
  private RecordDefaults() {}

  public static void assertRecordedDefaults(Record defaults, Map<String, Object> expected) {
    Map<String, Object> actual = new LinkedHashMap<>();
    for (RecordComponent component : defaults.getClass().getRecordComponents()) {
      try {
        actual.put(component.getName(), component.getAccessor().invoke(defaults));
      } catch (IllegalAccessException | InvocationTargetException e) {
        throw new AssertionError("cannot read " + component.getName(), e);
      }
    }
    assertThat(expected.keySet()).as("pinned options")
        .containsExactlyInAnyOrderElementsOf(actual.keySet());
    assertThat(actual).as("defaults").containsExactlyInAnyOrderEntriesOf(expected);
  }

  /** An insertion-ordered map that, unlike {@code Map.of}, accepts null values. */
  public static Map<String, Object> defaults(Object... namesAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      map.put((String) namesAndValues[i], namesAndValues[i + 1]);
    }
    return map;
  }
}
