package dev.swiftlet.bench.plot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.bench.plot.BarFigure.Marker;
import dev.swiftlet.bench.plot.BarFigure.Series;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlotResultsTest {
    private static final String DOC = """
            # Benchmark results

            ## Read throughput (fanotify, host)

            Command: `x`

            ```
            round 1: direct 300 MiB/s
            | not a table line inside the fence would still start with a pipe
            ```

            | front end | file | direct MiB/s | cold MiB/s | warm MiB/s | cold/direct | warm/direct |
            |---|---|---|---|---|---|---|
            | fanotify | 256 MiB | 467.9 | 81.8 | 367.7 | **0.17x** | **0.79x** |

            | cold read of a 256 MiB file | localfs backend MiB/s | registry backend MiB/s | registry/localfs |
            |---|---|---|---|
            | fanotify front end | 81.8 | 27.4 | **0.33x** |

            ## Read throughput (cachefiles, VM)

            | front end | file | direct MiB/s | cold MiB/s | warm MiB/s | cold/direct | warm/direct |
            |---|---|---|---|---|---|---|
            | cachefiles | 128 MiB | 12.4 | 1.9 | 21.1 | **0.15x** | n/a |

            ## Hand-written notes

            Text that no figure reads.
            """;

    private static BarFigure readFigure() {
        return new BarFigure(
                "read.png",
                "reads",
                "Reads",
                "x of direct",
                "Read throughput (",
                Pattern.compile("^front end$"),
                "%s",
                Pattern.compile("."),
                List.of(Series.of("cold", "^cold/direct$"), Series.of("warm", "^warm/direct$")),
                new Marker(1, "direct"),
                false);
    }

    @Test
    void tablesAreParsedWithTheirHeadersAndRowsAndDecoratedNumbersRead() {
        List<MarkdownTable> tables = MarkdownTable.parseAll(DOC);
        assertThat(tables).hasSize(3);
        assertThat(tables.get(0).header())
                .containsExactly(
                        "front end", "file", "direct MiB/s", "cold MiB/s", "warm MiB/s", "cold/direct", "warm/direct");
        assertThat(tables.get(0).rows())
                .containsExactly(List.of("fanotify", "256 MiB", "467.9", "81.8", "367.7", "**0.17x**", "**0.79x**"));
        assertThat(tables.get(1).column(Pattern.compile("registry/"))).isEqualTo(3);
        assertThat(MarkdownTable.number("**0.17x**")).isEqualTo(0.17);
        assertThat(MarkdownTable.number("1,234.5 MiB/s")).isEqualTo(1234.5);
        assertThat(MarkdownTable.number("n/a")).isNaN();
    }

    @Test
    void aFigureTakesOneGroupPerRowAcrossSectionsAndLeavesNonNumbersOut() {
        DefaultCategoryDataset data = readFigure().dataset(new ResultsDocument(DOC));
        assertThat(data.getColumnKeys()).containsExactly("fanotify", "cachefiles");
        assertThat(data.getValue("cold", "fanotify")).isEqualTo(0.17);
        assertThat(data.getValue("warm", "fanotify")).isEqualTo(0.79);
        assertThat(data.getValue("cold", "cachefiles")).isEqualTo(0.15);
        assertThat(data.getValue("warm", "cachefiles")).isNull();
    }

    @Test
    void replacingASectionKeepsEveryOtherByteAndAnAbsentOneIsAppended() {
        ResultsDocument doc = new ResultsDocument(DOC);
        String replaced = doc.withSection(
                        "Read throughput (cachefiles, VM)", "## Read throughput (cachefiles, VM)\n\nnew\n")
                .text();
        assertThat(replaced)
                .startsWith(DOC.substring(0, DOC.indexOf("## Read throughput (cachefiles")))
                .contains("## Read throughput (cachefiles, VM)\n\nnew\n\n## Hand-written notes\n")
                .doesNotContain("| cachefiles | 128 MiB");
        String appended = doc.withSection("Plots", "## Plots\n\nx\n").text();
        assertThat(appended).isEqualTo(DOC.stripTrailing() + "\n\n## Plots\n\nx\n");
        assertThat(new ResultsDocument(appended)
                        .withSection("Plots", "## Plots\n\ny\n")
                        .text())
                .isEqualTo(DOC.stripTrailing() + "\n\n## Plots\n\ny\n");
    }

    @Test
    void drawWritesPngsForFiguresWithNumbersLinksThemAndDeletesStaleOnes(@TempDir Path dir) throws Exception {
        Path plots = dir.resolve("plots");
        Files.createDirectories(plots);
        BarFigure absent = new BarFigure(
                "scale.png",
                "scale",
                "Scale",
                "MiB/s",
                "Scale",
                Pattern.compile("^readers$"),
                "%s",
                Pattern.compile("."),
                List.of(Series.of("cold", "^cold MiB/s$")),
                null,
                false);
        Files.writeString(plots.resolve("scale.png"), "stale");
        String section = PlotResults.draw(new ResultsDocument(DOC), List.of(readFigure(), absent), plots, "plots/");

        BufferedImage png = ImageIO.read(plots.resolve("read.png").toFile());
        assertThat(png.getWidth()).isEqualTo(900);
        assertThat(png.getHeight()).isEqualTo(480);
        assertThat(plots.resolve("scale.png")).doesNotExist();
        assertThat(section)
                .startsWith("## Plots\n")
                .contains("![reads](plots/read.png)")
                .contains("Not drawn (their benchmark's table is not in this file yet): scale.png.");
        assertThat(PlotResults.relative(dir.resolve("RESULTS.md"), plots)).isEqualTo("plots/");
    }

    @Test
    void everyCatalogueFigureFindsItsColumnsInTheTablesTheScriptsWrite() {
        // the headers as benchmarks/scale.sh, startup.sh and container-start.sh print them: a renamed column must fail
        // here
        String doc = """
                ## Container start

                | link | full pull s (download) | lazy s (mount) | **lazy/full** | daemon start-up s | from the registry: full | lazy | lazy/full |
                |---|---|---|---|---|---|---|---|
                | unthrottled | 20.50 (8.10) | 6.20 (1.10) | **0.30x** | 2.10 | 120.0 MiB | 9.5 MiB | 0.079x |
                | 100 Mbit/s | 31.00 (18.20) | 7.00 (1.30) | **0.23x** | 2.20 | 120.0 MiB | 9.5 MiB | 0.079x |

                ## Scale

                | images mounted | mount all (s) | per mount (ms) | readers | direct MiB/s | cold MiB/s | cold/direct | request p50 us | request p99 us |
                |---|---|---|---|---|---|---|---|---|
                | 50 | 60.1 | 1202 | 8 | 400.5 | 90.2 | **0.23x** | 120 | 65535 |

                | daemon (/proc/PID/status, fd/) | VmRSS MiB | VmHWM MiB | threads | open fds |
                |---|---|---|---|---|
                | after mounting 50 | 150 | 151 | 30 | 120 |
                | after 8 cold readers | 200 | 230 | 33 | 128 |

                ## Daemon start-up

                | class data | exec to socket ms | exec to RUNNING ms | CPU ms at RUNNING logged | CPU ms at RUNNING answered | RUNNING time vs jdk-cds | CPU vs jdk-cds | ≤ 2 s |
                |---|---|---|---|---|---|---|---|
                | jdk-cds | 2226 | 2843 | 1490 | 2100 | **1.00x** | **1.00x** | no |
                """;
        ResultsDocument d = new ResultsDocument(doc);
        for (String name : List.of(
                "container-start.png",
                "scale-throughput.png",
                "scale-latency.png",
                "scale-memory.png",
                "startup.png")) {
            BarFigure f = (BarFigure) Figures.all().stream()
                    .filter(x -> x.fileName().equals(name))
                    .findFirst()
                    .orElseThrow();
            assertThat(f.dataset(d).getColumnCount()).as(name).isPositive();
        }
        BarFigure memory = (BarFigure) Figures.all().stream()
                .filter(x -> x.fileName().equals("scale-memory.png"))
                .findFirst()
                .orElseThrow();
        assertThat(memory.dataset(d).getValue("VmHWM", "after 8 cold readers")).isEqualTo(230.0);
        BarFigure startup = (BarFigure) Figures.all().stream()
                .filter(x -> x.fileName().equals("startup.png"))
                .findFirst()
                .orElseThrow();
        assertThat(startup.dataset(d).getValue("CPU time at RUNNING", "jdk-cds"))
                .isEqualTo(2100.0);
        String jmh = """
                ## Hot-path microbenchmarks (JMH)

                | benchmark | parameters | mode | score | error (99.9%) | unit |
                |---|---|---|---|---|---|
                | ChunkLookupBenchmark.covering128k | chunks=1024 | avgt | 105.5 | ± 48.5 | ns/op |
                | DecodeVerifyBenchmark.decodeAndVerify | compressor=zstd, digester=blake3 | avgt | 4972.2 | ± 3201.8 | us/op |
                """;
        BarFigure decode = (BarFigure) Figures.all().stream()
                .filter(x -> x.fileName().equals("jmh-decode-verify.png"))
                .findFirst()
                .orElseThrow();
        DefaultCategoryDataset decodes = decode.dataset(new ResultsDocument(jmh));
        assertThat(decodes.getColumnKeys())
                .containsExactly("zstd, blake3"); // the lookup row filtered out, names shortened
        assertThat(decodes.getValue("decode + verify", "zstd, blake3")).isEqualTo(4972.2);
        BarFigure start = (BarFigure) Figures.all().stream()
                .filter(x -> x.fileName().equals("container-start.png"))
                .findFirst()
                .orElseThrow();
        assertThat(start.dataset(d).getValue("full pull", "100 Mbit/s")).isEqualTo(31.0);
        assertThat(start.dataset(d).getValue("Swiftlet lazy", "100 Mbit/s")).isEqualTo(7.0);
    }
}
