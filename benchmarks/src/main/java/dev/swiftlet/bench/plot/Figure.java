package dev.swiftlet.bench.plot;

import java.util.Optional;
import org.jfree.chart.JFreeChart;

/** One PNG figure drawn from RESULTS.md's tables. */
interface Figure {
    /** The PNG's file name under benchmarks/plots. */
    String fileName();

    /** Alt text of the figure's link in RESULTS.md. */
    String caption();

    /** The chart, or empty when the document holds none of the figure's numbers (its benchmark has not run). */
    Optional<JFreeChart> draw(ResultsDocument doc);
}
