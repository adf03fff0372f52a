package dev.swiftlet.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * A grouped bar chart of some columns of some RESULTS.md tables: every row of every table (in the sections whose
 * title starts with {@link #sectionPrefix}) that has all the {@link #series} columns and matches {@link #rowFilter}
 * becomes one group, labelled by its {@link #labelColumn} cell; each series is one bar of the group.
 *
 * @param fileName     PNG file name
 * @param caption      the figure's alt text in RESULTS.md
 * @param chartTitle   title drawn on the chart
 * @param valueAxis    label of the value axis (units)
 * @param sectionPrefix which sections to read
 * @param labelColumn  header of the column that names each group
 * @param labelFormat  {@link String#format} of the group name from the label cell (and the section title)
 * @param rowFilter    rows whose joined cells it finds a match in are drawn; {@code .} for all
 * @param series       the bars of each group
 * @param marker       a horizontal line to draw (a target), or null
 * @param logScale     a logarithmic value axis (latencies spanning decades)
 */
record BarFigure(
        String fileName,
        String caption,
        String chartTitle,
        String valueAxis,
        String sectionPrefix,
        Pattern labelColumn,
        String labelFormat,
        Pattern rowFilter,
        List<Series> series,
        Marker marker,
        boolean logScale)
        implements Figure {

    /** One bar of each group: its legend name and the header of the column it is read from. */
    record Series(String name, Pattern column) {
        static Series of(String name, String columnRegex) {
            return new Series(name, Pattern.compile(columnRegex));
        }
    }

    /** A horizontal reference line and its label. */
    record Marker(double value, String label) {}

    @Override
    public Optional<JFreeChart> draw(ResultsDocument doc) {
        DefaultCategoryDataset data = dataset(doc);
        if (data.getColumnCount() == 0) return Optional.empty();
        JFreeChart chart = ChartFactory.createBarChart(
                chartTitle, null, valueAxis, data, PlotOrientation.VERTICAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        if (logScale) {
            LogAxis axis = new LogAxis(valueAxis);
            axis.setSmallestValue(1);
            axis.setTickUnit(new NumberTickUnit(1)); // one tick per decade, labelled 10, 100, 1,000 ...
            axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
            plot.setRangeAxis(axis);
        }
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator());
        renderer.setDefaultItemLabelsVisible(true);
        if (marker != null) {
            ValueMarker line = new ValueMarker(marker.value(), Color.RED, new BasicStroke(1.5f));
            line.setLabel(marker.label());
            line.setLabelAnchor(RectangleAnchor.TOP_LEFT);
            line.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
            plot.addRangeMarker(line);
        }
        return Optional.of(chart);
    }

    /** The values drawn: one column per group, one row per series (a missing or non-numeric cell is left out). */
    DefaultCategoryDataset dataset(ResultsDocument doc) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (ResultsDocument.Section section : doc.sectionsStartingWith(sectionPrefix)) {
            for (MarkdownTable table : section.tables()) {
                int label = table.column(labelColumn);
                int[] columns =
                        series.stream().mapToInt(s -> table.column(s.column())).toArray();
                if (label < 0 || java.util.Arrays.stream(columns).anyMatch(c -> c < 0)) continue;
                for (List<String> row : table.rows()) {
                    if (!rowFilter.matcher(String.join(" | ", row)).find()) continue;
                    // "compressor=zstd, digester=blake3" -> "zstd, blake3": the names cost the axis more than they say
                    String group = String.format(labelFormat, MarkdownTable.cell(row, label), section.title())
                            .replaceAll("\\b[a-z_]+=", "");
                    for (int i = 0; i < columns.length; i++) {
                        double v = MarkdownTable.number(MarkdownTable.cell(row, columns[i]));
                        if (!Double.isNaN(v)) data.addValue(v, series.get(i).name(), group);
                    }
                }
            }
        }
        return data;
    }
}
