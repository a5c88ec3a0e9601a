// Azure resources for the Establishment Changes bot, deployed by the Agents Toolkit's
// arm/deploy action (m365agents.yml, `atk provision --env dev`) with the values in
// azure.parameters.json, which the toolkit fills from env/.env.<environment>.
//
//   user-assigned managed identity  the bot's identity: Bot Framework auth (UserAssignedMSI)
//                                   and Table Storage (Storage Table Data Contributor); no secrets
//   storage account                 Table Storage only, Entra ID auth only (shared keys off)
//   App Service plan + web app      Linux, Node 22, Always On (the bot scans for due work)
//   Azure Bot                       registration with the Microsoft Teams channel
//
// Every bot setting here is one of bot/config.ts's; .env.example says what each does.

@maxLength(20)
@minLength(4)
@description('Used to generate names for all resources in this file')
param resourceBaseName string

@description('App Service plan SKU. B1 or above: Always On is needed for the scheduled scans (reminders, call-in deadlines).')
param webAppSku string = 'B1'

@maxLength(42)
param botDisplayName string

param location string = resourceGroup().location
param identityName string = resourceBaseName
param serverfarmsName string = resourceBaseName
@description('Web app and bot names are global: a suffix from the resource group keeps them unique.')
param webAppName string = '${resourceBaseName}-${uniqueString(resourceGroup().id)}'
param botServiceName string = '${resourceBaseName}-${uniqueString(resourceGroup().id)}'
param storageAccountName string = take('st${uniqueString(resourceGroup().id, resourceBaseName)}', 24)
param storageSku string = 'Standard_LRS'

@description('ALLOWED_TENANT_IDS: comma-separated tenant ids whose activities the bot accepts. Empty: the tenant of this deployment.')
param allowedTenantIds string = ''

@minLength(1)
@description('DECISIONS_CHANNEL_ID: the Teams channel (19:...@thread.tacv2) that receives published decisions.')
param decisionsChannelId string

@minLength(1)
@description('ROUTING_CONFIG_PATH: the routing file (reviewers, decision makers, scrutiny) with your people\'s Entra object ids, relative to the project folder.')
param routingConfigPath string

@description('PAY_TABLE_PATH: the pay table, relative to the project folder. Empty: the shipped example.')
param payTablePath string = ''

@description('KEY_DECISION_THRESHOLD_POUNDS. Empty: 500000.')
param keyDecisionThresholdPounds string = ''

@description('CLOSURE_DAYS: comma-separated YYYY-MM-DD closure days besides bank holidays.')
param closureDays string = ''

@description('TABLE_PREFIX for every table name. Empty: ecr.')
param tablePrefix string = ''

@description('LOG_LEVEL. Empty: info.')
param logLevel string = ''

@description('ENTRA_CLIENT_ID: the app registration people sign in to before downloading a report (Web redirect URI https://<web app>.azurewebsites.net/auth/callback, ID tokens enabled). A managed identity cannot sign people in, so this is a separate registration.')
param entraClientId string

@secure()
@description('SESSION_SECRET signs the report sign-in cookies; a new one each deployment only means people sign in again.')
param sessionSecret string = newGuid()

var tablesEndpoint = 'https://${storageAccountName}.table.${environment().suffixes.storage}'
// Built-in role "Storage Table Data Contributor": read, write and delete tables and entities.
var storageTableDataContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3')
// Built-in role "Storage Blob Data Owner": supporting documents' blobs, and reading their blob index
// tags (blobs/tags/read), where Defender for Storage writes its malware scan result.
var storageBlobDataOwner = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b')

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Only Entra ID (the managed identity) may read or write: no account keys, no SAS.
    allowSharedKeyAccess: false
  }
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: storageTableDataContributor
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource blobDataOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageBlobDataOwner)
  scope: storage
  properties: {
    roleDefinitionId: storageBlobDataOwner
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource serverfarm 'Microsoft.Web/serverfarms@2022-09-01' = {
  name: serverfarmsName
  location: location
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

resource webApp 'Microsoft.Web/sites@2022-09-01' = {
  name: webAppName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: serverfarm.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      // Not `npm start`: it compiles first, and a package deployment is read-only. A fixed
      // 80 MB old-generation budget and a small cap keep the heap from growing with V8's
      // warm-up: about 165 MB resident under mixed load, level (BENCHMARKS.md).
      appCommandLine: 'node --max-old-space-size=160 --initial-old-space-size=80 --max-semi-space-size=4 dist/bot/index.js'
      alwaysOn: true
      healthCheckPath: '/healthz'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: [
        {
          name: 'WEBSITE_RUN_FROM_PACKAGE'
          value: '1'
        }
        {
          name: 'NODE_ENV'
          value: 'production'
        }
        // Two malloc arenas, not one per thread (V8's compiler and GC threads): the
        // fragments of the others kept resident memory creeping up (BENCHMARKS.md).
        {
          name: 'MALLOC_ARENA_MAX'
          value: '2'
        }
        // Bot Framework: the managed identity is the bot's credential (no password).
        {
          name: 'MicrosoftAppType'
          value: 'UserAssignedMSI'
        }
        {
          name: 'MicrosoftAppId'
          value: identity.properties.clientId
        }
        {
          name: 'MicrosoftAppTenantId'
          value: identity.properties.tenantId
        }
        {
          name: 'ALLOWED_TENANT_IDS'
          value: empty(allowedTenantIds) ? identity.properties.tenantId : allowedTenantIds
        }
        // Table Storage through the same identity.
        {
          name: 'AZURE_TABLES_ACCOUNT_URL'
          value: tablesEndpoint
        }
        {
          name: 'AZURE_CLIENT_ID'
          value: identity.properties.clientId
        }
        {
          name: 'TABLE_PREFIX'
          value: tablePrefix
        }
        // The council's settings.
        {
          name: 'DECISIONS_CHANNEL_ID'
          value: decisionsChannelId
        }
        {
          name: 'ROUTING_CONFIG_PATH'
          value: routingConfigPath
        }
        {
          name: 'PAY_TABLE_PATH'
          value: payTablePath
        }
        {
          name: 'KEY_DECISION_THRESHOLD_POUNDS'
          value: keyDecisionThresholdPounds
        }
        {
          name: 'CLOSURE_DAYS'
          value: closureDays
        }
        {
          name: 'LOG_LEVEL'
          value: logLevel
        }
        {
          name: 'PUBLIC_BASE_URL'
          value: 'https://${webAppName}.azurewebsites.net'
        }
        {
          name: 'ENTRA_CLIENT_ID'
          value: entraClientId
        }
        {
          name: 'SESSION_SECRET'
          value: sessionSecret
        }
      ]
    }
  }
}

// Register the web app as a bot whose credential is the managed identity, and connect Teams.
resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  kind: 'azurebot'
  sku: {
    name: 'F0'
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
    msaAppType: 'UserAssignedMSI'
  }
}

resource botServiceMsTeamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// Outputs become environment variables in env/.env.<environment> (see arm/deploy):
// BOT_ID and BOT_DOMAIN fill the placeholders in appPackage/manifest.json.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}'
output BOT_ID string = identity.properties.clientId
output BOT_TENANT_ID string = identity.properties.tenantId
output AZURE_TABLES_ACCOUNT_URL string = tablesEndpoint
