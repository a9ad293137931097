using Microsoft.Playwright;

namespace OrderSaga.Local.Tests.WebConsole;

/// <summary>One browser page on the console. Records script errors and any request that leaves the host (the page must work offline).</summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly List<string> problems = [];

    public ConsolePage(IBrowserContext context, IPage page, string baseUrl)
    {
        this.context = context;
        Page = page;
        page.PageError += (_, error) => problems.Add($"script error: {error}");
        page.Console += (_, message) =>
        {
            // The browser logs every 4xx answer; the page shows the API's errors it expects (e.g. a refused Redrive) as notices.
            if (message.Type == "error" && !message.Text.Contains("status of 400", StringComparison.Ordinal))
            {
                problems.Add($"console error: {message.Text}");
            }
        };
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(baseUrl, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                problems.Add($"request off the host: {request.Url}");
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Problems => problems;

    public ILocator TestId(string id) => Page.GetByTestId(id);

    public ILocator Node(string state) => Page.Locator($"[data-testid=graph-svg] [data-state=\"{state}\"]");

    /// <summary>Saves the page under the test output; <paramref name="fullPage"/> false keeps to the window, as a reader first sees it (the docs' pictures).</summary>
    public async Task ScreenshotAsync(string name, bool fullPage = true) =>
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ConsoleBrowser.ScreenshotFolder, name + ".png"), FullPage = fullPage });

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}
