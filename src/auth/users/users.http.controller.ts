import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { CurrentActor, RequireRole, type AuthenticatedRequest } from '../auth.decorators';
import type { Actor } from '../../core/command-meta';
import { ROLES, type Role } from '../domain/user.events';
import { UsersService } from './users.service';
import { UserQueries } from '../user-queries';
import { notFound } from '../../common/errors';
import { PageRequest } from '../../common/http/page.request.dto';
import { MAX_PAGE } from '../../common/pagination';
import { ADMIN, AUTHENTICATED, ApiProblems, ref } from '../../common/http/openapi/problem';

export class CreateUserRequest {
  @ApiProperty({ example: 'alice' })
  @IsString()
  @Length(1, 100)
  // eslint-disable-next-line no-control-regex -- control characters are what it refuses
  @Matches(/^[^\u0000-\u001f\u007f]+$/, { message: 'name must not contain control characters' })
  name: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid', example: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f' }) id: string;
  @ApiProperty({ example: 'alice' }) name: string;
  @ApiProperty({ enum: ROLES, example: 'user' }) role: Role;
}

export class CreatedUserResponse extends UserResponse {
  @ApiProperty({ description: 'shown only in this response; stored only as a hash', example: 'q3Vx0m2c6W8rT1yNwJ4sZk9hB5dLf7pQeA0uGvXiMo' }) token: string;
}

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UsersHttpController {
  constructor(
    private readonly users: UsersService,
    private readonly queries: UserQueries,
  ) {}

  @Post()
  @RequireRole('admin')
  @ApiOperation({
    summary: 'Create a user',
    description: 'Admins only. The answer holds the new bearer token, shown this once; the service keeps only its hash.',
  })
  @ApiCreatedResponse({ type: CreatedUserResponse })
  @ApiProblems(400, ...ADMIN, 409)
  create(@Body() body: CreateUserRequest, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    return this.users.create(body.name, body.role, actor, req.correlationId);
  }

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'List users', description: 'Admins only. Paged like every list, by name (default and most 500 a page).' })
  @ApiOkResponse({ schema: ref('UserPage') })
  @ApiProblems(400, ...ADMIN)
  list(@Query() page: PageRequest) {
    const { items, nextCursor } = this.queries.list(page.limit ?? MAX_PAGE, page.cursor);
    return { items: items.map(({ id, name, role }) => ({ id, name, role })), nextCursor };
  }

  @Get('me')
  @ApiOperation({ summary: 'Who am I', description: "The token's user and role." })
  @ApiOkResponse({ type: UserResponse })
  @ApiProblems(...AUTHENTICATED)
  me(@CurrentActor() actor: Actor) {
    return { id: actor.userId, name: actor.userName, role: actor.role };
  }

  @Delete(':id')
  @RequireRole('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a user', description: 'Admins only. Their token stops working at once. A user cannot delete themself (409).' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiProblems(400, ...ADMIN, 404, 409)
  async delete(@Param('id', new ParseUUIDPipe()) id: string, @CurrentActor() actor: Actor, @Req() req: AuthenticatedRequest) {
    if (!this.queries.byId(id)) throw notFound('user');
    await this.users.delete(id, actor, req.correlationId);
  }
}
