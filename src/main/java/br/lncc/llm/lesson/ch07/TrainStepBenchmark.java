package br.lncc.llm.lesson.ch07;

import br.lncc.llm.lesson.LabModelSource;
import br.lncc.llm.platform.PeakResidentMemory;
import br.lncc.llm.train.LoraConfig;
import br.lncc.llm.train.SftDataset;
import br.lncc.llm.train.TrainingException;
import br.lncc.llm.train.TrainingMethod;
import br.lncc.llm.train.TrainingRun;
import br.lncc.llm.task.ProgressSink;
import br.lncc.llm.weights.quant.QuantFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Time per training step of SFT, LoRA (book config) and QLoRA on one GPT-2, on random token
 * sequences of a fixed length: the benchmark (GPT-2-small shape, sequence 64, batch 1).
 * The first step of each method is a warm-up and is not averaged.
 */
public final class TrainStepBenchmark {
    private TrainStepBenchmark() {}

    /**
     * @param residentMiB the process's resident memory after the method's steps (Linux), −1 elsewhere
     * @param peakResidentMiB the kernel's peak resident size while the method loaded its weights and
     *     trained (see {@link PeakResidentMemory}), −1 where not measured
     * @param forwardMs mean forward time of the averaged steps (QLoRA: includes expanding the NF4 base)
     */
    public record Row(
            TrainingMethod method,
            double msPerStep,
            long trainableParameters,
            double trainablePercent,
            double baseMiB,
            double optimizerMiB,
            double residentMiB,
            double peakResidentMiB,
            PeakResidentMemory.Source peakSource,
            double forwardMs,
            double backwardMs,
            double optimizerMs) {}

    public static List<Row> run(LabModelSource source, int seqLen, int batch, int steps, ProgressSink progress) {
        if (steps < 2) throw new TrainingException("train.bench.steps", new Object[] {}, "");
        var config = source.config();
        if (seqLen < 2 || seqLen > config.nPositions()) {
            throw new TrainingException("train.bench.seq", new Object[] {config.nPositions()}, "");
        }
        Random rng = new Random(0);
        long[][] ids = new long[Math.max(batch, 1)][seqLen];
        long[][] mask = new long[ids.length][seqLen];
        for (int i = 0; i < ids.length; i++) {
            for (int t = 0; t < seqLen; t++) {
                ids[i][t] = rng.nextInt(config.vocabSize());
                mask[i][t] = 1;
            }
        }
        var data = new SftDataset(List.of(), ids, mask);
        List<Row> rows = new ArrayList<>();
        var peak = new PeakResidentMemory();
        for (TrainingMethod m : TrainingMethod.values()) {
            progress.checkCancelled();
            progress.update(rows.size(), 3, m.name());
            // The previous method's arrays are closed; let the JVM return what it can before the reset.
            System.gc();
            var measured = peak.reset();
            var lora = m == TrainingMethod.SFT ? null : LoraConfig.book();
            var s = new TrainingRun.Settings(m, steps, batch, m == TrainingMethod.SFT ? 5e-5 : 2e-4, false, 0, 0.1, lora, 42);
            try (var w = source.open(m == TrainingMethod.QLORA ? QuantFormat.NF4 : QuantFormat.FP32);
                    var run = new TrainingRun(w, s)) {
                run.run(data, ProgressSink.NONE, null);
                var timed = run.history().subList(1, run.history().size());
                var sum = run.summary();
                rows.add(new Row(m, mean(timed, TrainingRun.StepRecord::millis), sum.trainableParameters(), sum.trainablePercent(),
                        sum.base().bytes() / 1048576.0, sum.optimizerBytes() / 1048576.0, PeakResidentMemory.residentMiB(),
                        measured == PeakResidentMemory.Source.UNAVAILABLE ? -1 : peak.peakMiB(), measured,
                        mean(timed, TrainingRun.StepRecord::forwardMillis), mean(timed, TrainingRun.StepRecord::backwardMillis),
                        mean(timed, TrainingRun.StepRecord::optimizerMillis)));
                if (run.adapters() != null) run.adapters().close();
            }
        }
        progress.update(3, 3, "pronto");
        return rows;
    }

    private static double mean(List<TrainingRun.StepRecord> steps, java.util.function.ToDoubleFunction<TrainingRun.StepRecord> f) {
        return steps.stream().mapToDouble(f).average().orElse(0);
    }
}
