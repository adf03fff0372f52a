package dev.swiftlet.bench.plot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/**
 * {@code PlotResults RESULTS.md PLOT_DIR}: draws every {@link Figures figure} whose numbers RESULTS.md holds into
 * PLOT_DIR as PNG, and rewrites RESULTS.md's "Plots" section to embed them (with relative links) and to name the
 * ones left out. A figure's PNG that is no longer drawn is deleted, so no stale picture stays linked.
 */
public final class PlotResults {
    static final String SECTION = "Plots";
    private static final int WIDTH = 900;
    private static final int HEIGHT = 480;

    private PlotResults() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: PlotResults RESULTS.md PLOT_DIR");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        Path results = Path.of(args[0]);
        Path plots = Path.of(args[1]);
        ResultsDocument doc = new ResultsDocument(Files.readString(results, StandardCharsets.UTF_8));
        String section = draw(doc, Figures.all(), plots, relative(results, plots));
        Files.writeString(results, doc.withSection(SECTION, section).text(), StandardCharsets.UTF_8);
        System.out.println("updated: " + results + " (## " + SECTION + ")");
    }

    /** Draws the figures into {@code plots}; returns the "Plots" section that links them through {@code link}. */
    static String draw(ResultsDocument doc, List<Figure> figures, Path plots, String link) throws IOException {
        Files.createDirectories(plots);
        List<String> drawn = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Figure f : figures) {
            Path png = plots.resolve(f.fileName());
            Optional<JFreeChart> chart = f.draw(doc);
            if (chart.isEmpty()) {
                Files.deleteIfExists(png);
                missing.add(f.fileName());
                continue;
            }
            ChartUtils.saveChartAsPNG(png.toFile(), chart.get(), WIDTH, HEIGHT);
            System.out.println("wrote " + png);
            drawn.add("![" + f.caption() + "](" + link + f.fileName() + ")");
        }
        StringBuilder s = new StringBuilder("## " + SECTION + "\n\n");
        s.append("Drawn from the tables above by `benchmarks/plots.sh` (also the last step of `benchmarks/run.sh`);")
                .append(" each shows the figures of one run, as its section states.\n\n");
        for (String d : drawn) s.append(d).append("\n\n");
        if (!missing.isEmpty()) {
            s.append("Not drawn (their benchmark's table is not in this file yet): ")
                    .append(String.join(", ", missing))
                    .append(".\n");
        }
        return s.toString();
    }

    /** The link prefix from the document's directory to the plots directory ("plots/" beside RESULTS.md). */
    static String relative(Path results, Path plots) {
        Path dir = results.toAbsolutePath().normalize().getParent();
        String rel =
                dir.relativize(plots.toAbsolutePath().normalize()).toString().replace('\\', '/');
        return rel.isEmpty() ? "" : rel + "/";
    }
}
