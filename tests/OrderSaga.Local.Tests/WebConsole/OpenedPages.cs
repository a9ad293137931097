namespace OrderSaga.Local.Tests.WebConsole;

/// <summary>
/// The pages one test opened: closed after the test, which then fails if any of them saw a script error or a request
/// leaving the host.
/// </summary>
internal sealed class OpenedPages(Func<string, Task<ConsolePage>> open)
{
    private readonly List<ConsolePage> pages = [];

    public async Task<ConsolePage> OpenAsync(string hash)
    {
        var page = await open(hash);
        pages.Add(page);
        return page;
    }

    /// <summary>Called from the test's IAsyncLifetime.DisposeAsync, so a page problem fails that test.</summary>
    public async Task CloseAllAsync()
    {
        var problems = pages.SelectMany(p => p.Problems).ToList();
        foreach (var page in pages)
        {
            await page.DisposeAsync();
        }

        Assert.Empty(problems);
    }
}
