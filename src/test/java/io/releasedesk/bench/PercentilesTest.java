package io.releasedesk.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PercentilesTest {

  @Test
  void aPercentileIsTheSampleAtItsNearestRankWhateverTheOrderMeasured() {
    var samples = new ArrayList<Integer>();
    for (int i = 1; i <= 100; i++) {
      samples.add(i);
    }
    Collections.shuffle(samples);

    var percentiles = Percentiles.of(samples);

    assertThat(percentiles.at(50)).isEqualTo(50);
    assertThat(percentiles.at(95)).isEqualTo(95);
    assertThat(percentiles.at(99)).isEqualTo(99);
    assertThat(percentiles.at(100)).isEqualTo(100);
    assertThat(percentiles.count()).isEqualTo(100);
  }

  @Test
  void fewSamplesGiveTheSlowestForTheHighPercentiles() {
    var percentiles = Percentiles.of(List.of(12.5, 3.0, 40.0));

    assertThat(percentiles.at(50)).isEqualTo(12.5);
    assertThat(percentiles.at(99)).isEqualTo(40.0);
    assertThat(percentiles.at(1)).isEqualTo(3.0);
  }

  @Test
  void withoutSamplesThereIsNoPercentile() {
    assertThat(Percentiles.of(List.of()).at(95)).isNaN();
    assertThatThrownBy(() -> Percentiles.of(List.of(1)).at(0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
