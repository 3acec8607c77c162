package br.lncc.llm.hub;

import java.time.Duration;

/**
 * When a download gives up on a slow or silent server.
 *
 * @param stallTimeout no byte at all for this long: the connection is dropped and the transfer
 *     resumed (a dead Wi-Fi sends no reset)
 * @param minBytesPerSecond below this average over {@code rateWindow} the download stops with a
 *     message; a server dripping one byte every two seconds would otherwise run forever
 * @param rateWindow how long the rate is averaged over
 */
public record TransferLimits(Duration stallTimeout, long minBytesPerSecond, Duration rateWindow) {
    /** 60 s without a byte; under 1 KB/s for 60 s. */
    public static TransferLimits defaults() {
        return new TransferLimits(Duration.ofSeconds(60), 1024, Duration.ofSeconds(60));
    }

    public TransferLimits {
        if (stallTimeout.isNegative() || stallTimeout.isZero() || rateWindow.isNegative() || rateWindow.isZero() || minBytesPerSecond < 0) {
            throw new IllegalArgumentException("transfer limits must be positive: " + stallTimeout + ", " + minBytesPerSecond + ", " + rateWindow);
        }
    }
}
