package br.lncc.llm.lesson.ch03;

/**
 * One pass of the toy MoE (Cap. 3.8, N1.21) with every number the UI and notebook show.
 *
 * @param input              tokens (T, d)
 * @param k                  experts per token
 * @param renormalised       whether the chosen gate weights were rescaled to sum to 1
 * @param gateProbabilities  p(x) = softmax(W_g x + b_g) (T, E)
 * @param chosen             the top-k experts per token, best first (T, k)
 * @param weights            the weight g_e given to each chosen expert (T, k)
 * @param output             Σ_e g_e · Expert_e(x) (T, d)
 * @param load               tokens routed to each expert (E); Σ load = k·T
 * @param balanceLoss        Σ_e (load_e / (k·T) − 1/E)², Cap. 3.8.6 (k = 1 is the book's formula)
 * @param parametersPerExpert P
 * @param totalParameters    E·P (capacity)
 * @param activeParameters   k·P (cost per token)
 * @param gateParameters     the router's own weights, paid by every token
 */
public record MoeRouting(
        double[][] input, int k, boolean renormalised, double[][] gateProbabilities, int[][] chosen,
        double[][] weights, double[][] output, int[] load, double balanceLoss, long parametersPerExpert,
        long totalParameters, long activeParameters, long gateParameters) {

    public int tokenCount() {
        return input.length;
    }

    public int expertCount() {
        return load.length;
    }

    public int loadSum() {
        int s = 0;
        for (int l : load) s += l;
        return s;
    }

    /** The top-1 expert of every token ("expert por token"). */
    public int[] expertPerToken() {
        var out = new int[chosen.length];
        for (int t = 0; t < chosen.length; t++) out[t] = chosen[t][0];
        return out;
    }
}
