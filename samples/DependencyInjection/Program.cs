// DependencyInjection: a generic host configures ContainerScheduling from appsettings.json — a default profile and a
// named one — validates the options on start, and resolves a scheduler and an orchestrator per cluster.
using System;
using System.Collections.Generic;
using ContainerScheduling;
using ContainerScheduling.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// appsettings.json next to the program; environment variables (ContainerScheduling__Strategy=spread) and command-line
// arguments (--ContainerScheduling:Strategy spread) override it, as in any generic host.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });

// The default profile from the "ContainerScheduling" section, a named profile per child of "ContainerSchedulingProfiles".
builder.Services.AddContainerScheduling();
builder.Services.Configure<SchedulingOptions>(builder.Configuration.GetSection(SchedulingOptions.SectionName));
foreach (var profile in builder.Configuration.GetSection("ContainerSchedulingProfiles").GetChildren())
{
    builder.Services.AddContainerSchedulingProfile(profile.Key, _ => { });
    builder.Services.Configure<SchedulingOptions>(profile.Key, profile);
}

using var host = builder.Build();
await host.StartAsync();   // validates every profile: a bad value stops the host here, naming the option

var factory = host.Services.GetRequiredService<ISchedulerFactory>();
var cluster = new ClusterState(new ResourceSchema(ResourceNames.Cpu, ResourceNames.Memory));
for (var i = 0; i < 3; i++)
{
    cluster.AddNode(new NodeSpec($"node-{i}", new Dictionary<string, long> { ["cpu"] = 8_000, ["memory"] = 16_384 }));
}

var scheduler = factory.CreateScheduler(cluster);
var packed = scheduler.PlaceBatch(
[
    new ContainerSpec("web", new Dictionary<string, long> { ["cpu"] = 2_000, ["memory"] = 2_048 }),
    new ContainerSpec("api", new Dictionary<string, long> { ["cpu"] = 1_000, ["memory"] = 1_024 }),
]);
Console.WriteLine($"default profile ({scheduler.Strategy.Name}, ordering {factory.GetOptions().Ordering}):");
foreach (var placement in packed.Placements)
{
    Console.WriteLine($"  {placement.Container} -> {placement.Node}");
}

using var orchestrator = factory.CreateOrchestrator(cluster, "spread");
var spread = orchestrator.Submit(
[
    new ContainerSpec("worker-1", new Dictionary<string, long> { ["cpu"] = 500 }),
    new ContainerSpec("worker-2", new Dictionary<string, long> { ["cpu"] = 500 }),
]);
Console.WriteLine($"profile 'spread' ({orchestrator.Scheduler.Strategy.Name}):");
foreach (var placement in spread.Placed)
{
    Console.WriteLine($"  {placement.Container} -> {placement.Node}");
}

await host.StopAsync();
