package dev.kopgen.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The memory benchmark's heap reading, on what JDK 17's {@code jcmd GC.heap_info} prints. */
class JvmHeapInfoTest {

  @Test
  void serialGcCountsTheTenuredGenerationWhereTheCacheLives() {
    String serial =
        """
        12345:
         def new generation   total 4928K, used 348K [0x00000000e0000000, 0x00000000e0550000, 0x00000000eaaa0000)
          eden space 4416K,   7% used [0x00000000e0000000, 0x00000000e0057000, 0x00000000e0450000)
          from space 512K,   0% used [0x00000000e0450000, 0x00000000e0450000, 0x00000000e04d0000)
          to   space 512K,   0% used [0x00000000e04d0000, 0x00000000e04d0000, 0x00000000e0550000)
         tenured generation   total 10944K, used 6201K [0x00000000eaaa0000, 0x00000000eb550000, 0x0000000100000000)
           the space 10944K,  56% used [0x00000000eaaa0000, 0x00000000eb0ae480, 0x00000000eb0ae600, 0x00000000eb550000)
         Metaspace       used 12345K, committed 12544K, reserved 1064960K
          class space    used 1400K, committed 1472K, reserved 1048576K
        """;
    assertThat(Jvm.usedHeapBytes(serial)).isEqualTo((348 + 6201) * 1024L);
  }

  @Test
  void g1HasOneHeapLine() {
    String g1 =
        """
        12345:
         garbage-first heap   total 262144K, used 23456K [0x0000000080000000, 0x0000000100000000)
          region size 1024K, 3 young (3072K), 0 survivors (0K)
         Metaspace       used 12345K, committed 12544K, reserved 1064960K
          class space    used 1400K, committed 1472K, reserved 1048576K
        """;
    assertThat(Jvm.usedHeapBytes(g1)).isEqualTo(23456 * 1024L);
  }

  @Test
  void anAnswerWithoutAHeapIsAnError() {
    assertThatThrownBy(() -> Jvm.usedHeapBytes("12345:\nno such process"))
        .isInstanceOf(IllegalStateException.class);
  }
}
