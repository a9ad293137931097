using System.Net;
using System.Text.Json.Nodes;

namespace OrderSaga.Local.Tests.WebConsole;

[Collection(ConsoleGroup.Name)]
public sealed class ConsoleEndpointsTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Get_ConsoleWithoutSlash_RedirectsToThePage()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await client.GetAsync(fixture.BaseUrl + "/console");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Get_Page_ServesEmbeddedIndexWithOfflinePolicy()
    {
        using var response = await fixture.Http.GetAsync(fixture.BaseUrl + "/console/");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"app.js\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ModuleTwiceWithETag_AnswersNotModified()
    {
        using var first = await fixture.Http.GetAsync(fixture.BaseUrl + "/console/graph.js");
        first.EnsureSuccessStatusCode();
        Assert.Equal("text/javascript", first.Content.Headers.ContentType?.MediaType);
        using var request = new HttpRequestMessage(HttpMethod.Get, fixture.BaseUrl + "/console/graph.js");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await fixture.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task Get_UnknownFile_Answers404()
    {
        using var response = await fixture.Http.GetAsync(fixture.BaseUrl + "/console/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nope.js", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Config_ListsTheHostsCompensationStates()
    {
        var config = JsonNode.Parse(await fixture.Http.GetStringAsync(fixture.BaseUrl + "/console/config.json"))!;
        Assert.Equal(ConsoleFixture.CompensationStateNames, config["compensationStates"]!.AsArray().Select(n => (string)n!));
        Assert.Equal(400, (int)config["refreshMs"]!);
    }
}
