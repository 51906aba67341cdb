using PreviewAspire.Frontend;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddRazorPages();
builder.Services.AddHttpClient<OrdersApiClient>(http => http.BaseAddress = OrdersApiClient.BaseAddress);

var app = builder.Build();

app.UseExceptionHandler("/Error");
app.UseStatusCodePages();
app.UseRouting();
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapRazorPages();

await app.RunAsync();
