import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { Projector } from '../read-model/projector';
import { ref } from '../common/http/openapi/problem';

@ApiTags('health')
@Controller('api/health')
export class HealthHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Health', description: 'No token needed. The store in use and the last log position the read model has applied.' })
  @ApiOkResponse({ description: 'the service is up', schema: ref('Health') })
  health() {
    return { status: 'ok', store: this.store.kind, position: this.projector.position.toString() };
  }
}
