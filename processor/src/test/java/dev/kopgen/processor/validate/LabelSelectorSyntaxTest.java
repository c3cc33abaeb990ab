package dev.kopgen.processor.validate;

import static com.google.common.truth.Truth.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelSelectorSyntaxTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "app=web",
        "app==web",
        "app!=web",
        "app",
        "!app",
        "! app",
        "tier in (web, api)",
        "tier notin (cache)",
        "app.kubernetes.io/name=web,tier in (a,b),!legacy",
        " app = web , tier ",
        "app=",
        "example.com/Feature_X.1=On-2"
      })
  void acceptsKubernetesSelectors(String selector) {
    assertThat(LabelSelectorSyntax.problem(selector)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "app=web,,tier | it has an empty requirement (a doubled or trailing comma): remove it",
        "app=web, | it has an empty requirement",
        "tier in (a,b | it opens a parenthesis it never closes",
        "tier in a,b) | it closes a parenthesis it never opened",
        "tier in () | 'tier in ()' has an empty value set",
        "app=web=x | 'app=web=x' is not a label requirement",
        "app>1 | 'app>1' is not a valid label key",
        "-app=web | '-app' is not a valid label key",
        "Bad_Prefix/app | 'Bad_Prefix/app' has an invalid prefix 'Bad_Prefix'",
        "app=we b | 'app=we b' is not a label requirement",
        "app=-web | '-web' is not a valid label value",
        "tier in (ok, -bad) | '-bad' is not a valid label value"
      })
  void explainsWhatIsWrong(String selector, String problem) {
    assertThat(LabelSelectorSyntax.problem(selector).orElseThrow()).startsWith(problem.strip());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"tier=web,shard in (a, b) | shard in (b,a), tier == web", "!x,y | y, ! x"})
  void canonicalFormIgnoresOrderAndSpacing(String a, String b) {
    assertThat(LabelSelectorSyntax.canonical(a)).isEqualTo(LabelSelectorSyntax.canonical(b));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"a=1 | a!=1", "a in (x) | a notin (x)", "a | !a"})
  void canonicalFormKeepsDifferentSelectorsApart(String a, String b) {
    assertThat(LabelSelectorSyntax.canonical(a)).isNotEqualTo(LabelSelectorSyntax.canonical(b));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "shard=a | shard=b | shard",
        "shard=a,team=x | team=y | team",
        "tier in (web,api) | tier notin (api,web) | tier",
        "tier in (web,api) | tier in (db) | tier",
        "tier in (web,api) | tier=db,tier!=web | tier",
        "gpu | !gpu | gpu",
        "gpu=true | !gpu | gpu",
        "a=1,a=2 | b=3 | a"
      })
  void selectorsThatExcludeEachOtherOnAKeyAreDisjoint(String a, String b, String key) {
    assertThat(LabelSelectorSyntax.exclusiveKey(a, b)).hasValue(key);
    assertThat(LabelSelectorSyntax.exclusiveKey(b, a).isPresent()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "shard=a | team=x",
        "shard=a | shard=a",
        "shard!=a | shard!=b",
        "shard notin (a) | !shard",
        "tier in (web,api) | tier notin (web)",
        "tier in (web,api) | tier in (api,db)",
        "gpu | gpu!=false",
        "shard=a | ''"
      })
  void selectorsThatShareAnObjectAreNotDisjoint(String a, String b) {
    assertThat(LabelSelectorSyntax.exclusiveKey(a, b)).isEmpty();
    assertThat(LabelSelectorSyntax.exclusiveKey(b, a)).isEmpty();
  }
}
