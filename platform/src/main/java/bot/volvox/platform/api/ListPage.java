package bot.volvox.platform.api;

import java.util.List;

/**
 * One page of a list answered by an {@code /api/v1} endpoint: {@code page} counts from 1, {@code limit} is the page
 * size asked for, {@code pages} how many pages {@code total} rows make.
 */
public record ListPage<T>(List<T> items, long total, int page, int limit, long pages) {

    public static <T> ListPage<T> of(List<T> items, long total, int page, int limit) {
        return new ListPage<>(items, total, page, limit, (total + limit - 1) / limit);
    }
}
