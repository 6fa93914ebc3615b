import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { EVENT_STORE, EventStore } from '../event-store/event-store';
import { Projector } from '../read-model/projector';

@ApiTags('health')
@Controller('api/health')
export class HealthHttpController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projector: Projector,
  ) {}

  @Get()
  @Public()
  @ApiOkResponse({ description: '{"status":"ok","store":"sqlite"|"eventstoredb","position":"<last position>"}' })
  health() {
    return { status: 'ok', store: this.store.kind, position: this.projector.position.toString() };
  }
}
