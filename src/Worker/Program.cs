using PreviewAspire.Orders;
using PreviewAspire.ServiceDefaults;
using PreviewAspire.Worker;

// A web host only so the worker answers /health and /alive; its work is the hosted consumer.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDataSource(ConnectionNames.Database, configureDataSourceBuilder: db => OrdersDatabase.LimitPool(db, builder.Configuration[OrdersDatabase.MaxPoolSizeKey]));
builder.AddPreviewRedisClient(ConnectionNames.Cache);
builder.AddRabbitMQClient(ConnectionNames.Messaging);

builder.Services.AddOrdersData(services => services.GetRequiredService<PreviewContext>().Names.RedisKeyPrefix);
builder.Services.Configure<ProcessingRetryOptions>(builder.Configuration.GetSection(ProcessingRetryOptions.Section));
builder.Services.AddSingleton<OrderProcessor>();
builder.Services.AddHostedService<OrderCreatedConsumer>();

var app = builder.Build();
app.MapDefaultEndpoints();
await app.RunAsync();
