using PreviewAspire.Api;
using PreviewAspire.Orders;
using PreviewAspire.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource(ConnectionNames.Database, configureDataSourceBuilder: db => OrdersDatabase.LimitPool(db, builder.Configuration[OrdersDatabase.MaxPoolSizeKey]));
builder.AddPreviewRedisClient(ConnectionNames.Cache);
builder.AddRabbitMQClient(ConnectionNames.Messaging);

builder.Services.AddOrdersData(services => services.GetRequiredService<PreviewContext>().Names.RedisKeyPrefix);
builder.Services.AddSingleton<OrderCreatedPublisher>();
builder.Services.AddSingleton<OutboxSignal>();
builder.Services.AddHostedService<OutboxRelay>();
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultEndpoints();
app.MapOrders();
app.MapStats();

await app.PrepareOrdersAsync(app.Lifetime.ApplicationStopping);
await app.RunAsync();
