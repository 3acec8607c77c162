package br.lncc.llm.ui.ch02;

import br.lncc.llm.lesson.ch02.AttentionInspector;
import br.lncc.llm.lesson.ch02.BertSentence;
import br.lncc.llm.ui.I18n;
import br.lncc.llm.ui.PageContext;
import br.lncc.llm.ui.lessons.NumberTable;
import br.lncc.llm.ui.lessons.PageLayout;
import br.lncc.llm.ui.widget.HeatmapView;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Cap. 2.5: the attention of any layer and head of the real BERT as a heatmap (hover = exact
 * weight, rows sum to 1), "para quem o token X olha" for a clicked row, the average of selected
 * heads, hiding [CLS]/[SEP], and all 12 × 12 heads as thumbnails. The model ran once per
 * sentence; every control here only reads the stored arrays.
 */
public final class Ch02AttentionView {
    /** N1.10: query position 3 ("teddy"), k = 5. */
    static final int BOOK_QUERY = 3;

    /**
     * Longer sentences show a window of this many tokens in the big heatmap (every cell readable,
     * redraw instant); the thumbnails and the top-k list still use the whole matrix.
     */
    static final int WINDOW = 64;

    private final I18n i18n;
    private final BertSession session;
    private final PageLayout layout;
    private final Spinner<Integer> layer = new Spinner<>(0, 11, 0);
    private final Spinner<Integer> head = new Spinner<>(0, 11, 0);
    private final Spinner<Integer> k = new Spinner<>(1, 20, 5);
    private final CheckBox hideSpecial = new CheckBox();
    private final CheckBox renormalise = new CheckBox();
    private final CheckBox average = new CheckBox();
    private final List<CheckBox> headBoxes = new ArrayList<>();
    private final HeatmapView heatmap = new HeatmapView();
    private final Label caption = new Label();
    private final Label rowSums = new Label();
    private final Label topTitle = new Label();
    private final NumberTable top = new NumberTable();
    private final HeadThumbnails thumbnails = new HeadThumbnails();
    private final Spinner<Integer> windowStart = new Spinner<>(0, 0, 0, WINDOW / 2);
    private final HBox windowBar = new HBox(8);
    private double[][] full = new double[0][0];
    private List<String> fullTokens = List.of();
    private int[] fullPositions = new int[0];
    private List<String> shownTokens = List.of();
    private int[] shownPositions = new int[0];
    private double[][] shown = new double[0][0];
    private int query = BOOK_QUERY;
    private long lastRenderNanos;

    public Ch02AttentionView(PageContext ctx, BertSession session) {
        this.session = session;
        i18n = ctx.i18n();
        layout = new PageLayout(i18n, "lessons.attention.title", "lessons.attention.intro");
        layout.add(new SentenceBar(ctx, session));
        for (var spinner : List.of(layer, head, k)) spinner.setPrefWidth(80);
        layer.setId("attention-layer");
        head.setId("attention-head");
        heatmap.setId("attention-heatmap");
        top.setId("attention-top");
        top.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        var book = new Button();
        book.textProperty().bind(i18n.text("lessons.attention.presetBook"));
        book.setOnAction(e -> select(0, 0));
        var notebook = new Button();
        notebook.textProperty().bind(i18n.text("lessons.attention.presetNotebook"));
        notebook.setOnAction(e -> select(11, 0));
        hideSpecial.textProperty().bind(i18n.text("lessons.attention.hideSpecial"));
        hideSpecial.setId("attention-hide");
        renormalise.textProperty().bind(i18n.text("lessons.attention.renormalise"));
        renormalise.disableProperty().bind(hideSpecial.selectedProperty().not());
        average.textProperty().bind(i18n.text("lessons.attention.average"));
        average.setId("attention-average");
        var headsPane = new FlowPane(6, 4);
        for (int h = 0; h < 12; h++) {
            var box = new CheckBox("H" + h);
            box.setSelected(true);
            box.disableProperty().bind(average.selectedProperty().not());
            box.selectedProperty().addListener((o, a, b) -> redraw());
            headBoxes.add(box);
            headsPane.getChildren().add(box);
        }
        // The presets move to a second row at presenter scale instead of being cut.
        var controls = new FlowPane(10, 6, label("lessons.attention.layer"), layer, label("lessons.attention.head"), head, book, notebook);
        controls.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        layout.add(controls);
        layout.add(new FlowPane(16, 6, hideSpecial, renormalise), new HBox(10, average, headsPane));
        br.lncc.llm.ui.widget.PresenterSize.pref(heatmap, 620, 560);
        heatmap.setMinSize(420, 380);
        heatmap.enableExportMenu("atencao", i18n, ctx.status());
        heatmap.emptyTextProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> i18n.get("chart.empty", i18n.get("lessons.bert.run")), i18n.localeProperty()));
        heatmap.setOnRowClicked(r -> {
            query = shownPositions.length > r ? shownPositions[r] : r;
            drawTop();
        });
        caption.getStyleClass().add("step-title");
        topTitle.getStyleClass().add("step-title");
        topTitle.setWrapText(true);
        rowSums.setWrapText(true);
        // The top-k table keeps its natural width (its cells are never narrower than their text): at
        // presenter scale the heatmap gives up width instead, where a sideways scroller hid the weights.
        var side = new VBox(8, topTitle, new HBox(8, label("lessons.attention.k"), k), top, rowSums);
        br.lncc.llm.ui.widget.PresenterSize.prefWidth(side, 360);
        windowStart.setEditable(true);
        windowStart.setId("attention-window");
        windowBar.getChildren().addAll(label("lessons.attention.window"), windowStart);
        windowBar.setVisible(false);
        windowBar.setManaged(false);
        windowStart.valueProperty().addListener((o, a, b) -> redraw());
        layout.add(caption, windowBar, new HBox(16, heatmap, side));
        layout.add(layout.note("lessons.attention.noteRead"));
        layout.heading("lessons.attention.modelView");
        layout.add(layout.paragraph("lessons.attention.modelViewText"), thumbnails);
        layout.add(layout.note("lessons.attention.noteTopK"));
        layout.add(layout.note("lessons.attention.noteCls"));
        thumbnails.setOnPick(this::select);
        br.lncc.llm.ui.widget.ChartExport.installMenu(thumbnails, null, () -> "atencao-todas-as-cabecas", i18n, ctx.status());
        layer.valueProperty().addListener((o, a, b) -> redraw());
        head.valueProperty().addListener((o, a, b) -> redraw());
        k.valueProperty().addListener((o, a, b) -> drawTop());
        hideSpecial.selectedProperty().addListener((o, a, b) -> redraw());
        renormalise.selectedProperty().addListener((o, a, b) -> redraw());
        average.selectedProperty().addListener((o, a, b) -> redraw());
        session.resultProperty().addListener((o, a, b) -> newSentence(b));
        i18n.localeProperty().addListener((o, a, b) -> redraw());
        newSentence(session.resultProperty().get());
    }

    public Node root() {
        return layout.root();
    }

    /** Opens one head (thumbnail click, presets, tests). */
    public void select(int l, int h) {
        average.setSelected(false);
        layer.getValueFactory().setValue(l);
        head.getValueFactory().setValue(h);
        redraw();
    }

    HeatmapView heatmap() {
        return heatmap;
    }

    NumberTable topTable() {
        return top;
    }

    /** Time the last layer/head switch took to select the data and redraw the heatmap. */
    long lastRenderNanos() {
        return lastRenderNanos;
    }

    private void newSentence(BertSentence s) {
        if (s == null) return;
        ((javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory) layer.getValueFactory()).setMax(s.layers() - 1);
        ((javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory) head.getValueFactory()).setMax(s.heads() - 1);
        query = Math.min(BOOK_QUERY, s.length() - 1);
        boolean windowed = s.length() > WINDOW;
        windowBar.setVisible(windowed);
        windowBar.setManaged(windowed);
        ((javafx.scene.control.SpinnerValueFactory.IntegerSpinnerValueFactory) windowStart.getValueFactory())
                .setMax(Math.max(0, s.length() - WINDOW));
        windowStart.getValueFactory().setValue(0);
        thumbnails.setData(s.attentions());
        redraw();
    }

    private void redraw() {
        BertSentence s = session.resultProperty().get();
        if (s == null) return;
        long t0 = System.nanoTime();
        int l = layer.getValue(), h = head.getValue();
        double[][] matrix;
        if (average.isSelected()) {
            int[] heads = selectedHeads(s.heads());
            matrix = heads.length == 0 ? s.attention(l, h) : AttentionInspector.averageHeads(s.attentions()[l], heads);
            caption.setText(i18n.get("lessons.attention.captionAverage", l, heads.length));
        } else {
            matrix = s.attention(l, h);
            caption.setText(i18n.get("lessons.attention.caption", l, h));
        }
        if (hideSpecial.isSelected()) {
            var subset = AttentionInspector.without(matrix, s.tokens(), AttentionInspector.SPECIAL_TOKENS, renormalise.isSelected());
            full = subset.matrix();
            fullTokens = subset.tokens();
            fullPositions = subset.positions();
        } else {
            full = matrix;
            fullTokens = s.tokens();
            fullPositions = java.util.stream.IntStream.range(0, s.length()).toArray();
        }
        int from = full.length > WINDOW ? Math.min(windowStart.getValue(), full.length - WINDOW) : 0;
        int to = full.length > WINDOW ? from + WINDOW : full.length;
        shown = new double[to - from][];
        for (int i = from; i < to; i++) shown[i - from] = java.util.Arrays.copyOfRange(full[i], from, to);
        shownTokens = fullTokens.subList(from, to);
        shownPositions = java.util.Arrays.copyOfRange(fullPositions, from, to);
        heatmap.setShowValues(shown.length <= 14);
        heatmap.setData(shown, shownTokens, shownTokens);
        thumbnails.select(average.isSelected() ? -1 : l, h);
        lastRenderNanos = System.nanoTime() - t0;
        double[] sums = AttentionInspector.rowSums(full);
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (double v : sums) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        rowSums.setText(i18n.get("lessons.attention.rowSums", br.lncc.llm.ui.I18n.display("%.4f", min),
                br.lncc.llm.ui.I18n.display("%.4f", max)));
        drawTop();
    }

    private int[] selectedHeads(int count) {
        var out = new ArrayList<Integer>();
        for (int h = 0; h < Math.min(count, headBoxes.size()); h++) if (headBoxes.get(h).isSelected()) out.add(h);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The clicked query's largest weights over the whole row (not only the visible window). */
    private void drawTop() {
        BertSentence s = session.resultProperty().get();
        if (s == null || full.length == 0) return;
        int row = -1;
        for (int r = 0; r < fullPositions.length; r++) if (fullPositions[r] == query) row = r;
        if (row < 0) row = 0;
        int position = fullPositions[row];
        topTitle.setText(i18n.get("lessons.attention.topTitle", fullTokens.get(row), String.format("%02d", position)));
        var rows = new ArrayList<List<Object>>();
        int rank = 1;
        for (var hit : AttentionInspector.topK(full, fullTokens, row, k.getValue())) {
            rows.add(List.of(rank++, String.format("%02d", fullPositions[hit.position()]), hit.token(),
                    br.lncc.llm.ui.I18n.display("%.4f", hit.weight())));
        }
        top.setHeader(List.of("#", "pos", "token", i18n.get("lessons.attention.weight")));
        top.setRows(rows);
    }

    private Label label(String key) {
        var l = new Label();
        l.textProperty().bind(i18n.text(key));
        l.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }
}
