package dev.kopgen.processor.model;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperatorModelTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a.b.c | a.b.d | a.b",
        "a.b | a.b.c | a.b",
        "a.b | a.b | a.b",
        "a.bc | a.b | a",
        "com.x | org.y | ''",
        "'' | a | ''"
      })
  void commonPackageMatchesWholeSegments(String a, String b, String common) {
    assertThat(OperatorModel.commonPackage(a, b)).isEqualTo(common);
    assertThat(OperatorModel.commonPackage(b, a)).isEqualTo(common);
  }
}
