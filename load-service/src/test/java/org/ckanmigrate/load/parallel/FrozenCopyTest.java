package org.ckanmigrate.load.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrozenCopyTest {

  @Test
  void pgDumpsCopyLineGainsFreeze() {
    assertThat(FrozenCopy.withFreeze("COPY public.package (id, name) FROM stdin;"))
        .isEqualTo("COPY public.package (id, name) FROM stdin WITH (FREEZE)");
    assertThat(FrozenCopy.withFreeze("COPY \"odd\"\"name\".t FROM STDIN ;\n"))
        .isEqualTo("COPY \"odd\"\"name\".t FROM STDIN WITH (FREEZE)");
  }

  @Test
  void anyOtherFormIsLeftAsTheDumpWroteIt() {
    assertThat(FrozenCopy.withFreeze("COPY t FROM stdin WITH (FORMAT csv);")).isNull();
    assertThat(FrozenCopy.withFreeze("COPY t FROM '/etc/passwd';")).isNull();
  }
}
