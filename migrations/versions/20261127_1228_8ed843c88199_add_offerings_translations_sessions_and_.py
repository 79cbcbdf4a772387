"""add offerings, translations, sessions and modules

Revision ID: 8ed843c88199
Revises: a75697a169db
Create Date: 2026-11-27 12:28:14.059029

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = '8ed843c88199'
down_revision = 'a75697a169db'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('offerings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('enrol_opens_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('enrol_closes_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('enrolment_mode', sa.String(length=16), nullable=False),
    sa.Column('fallback_locale', sa.String(length=16), nullable=False),
    sa.Column('venue', sa.String(length=300), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 0', name=op.f('ck_offerings_capacity_not_negative')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_offerings_ends_after_start')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offerings'))
    )
    with op.batch_alter_table('offerings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offerings_ends_on'), ['ends_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_offerings_format'), ['format'], unique=False)
        batch_op.create_index(batch_op.f('ix_offerings_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_offerings_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_offerings_starts_on'), ['starts_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_offerings_status'), ['status'], unique=False)

    op.create_table('modules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offering_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('titles', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['offering_id'], ['offerings.id'], name=op.f('fk_modules_offering_id_offerings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_modules'))
    )
    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_modules_offering_id'), ['offering_id'], unique=False)

    op.create_table('offering_languages',
    sa.Column('offering_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['offering_id'], ['offerings.id'], name=op.f('fk_offering_languages_offering_id_offerings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offering_id', 'locale', name=op.f('pk_offering_languages'))
    )
    with op.batch_alter_table('offering_languages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offering_languages_locale'), ['locale'], unique=False)

    op.create_table('offering_topics',
    sa.Column('offering_id', sa.Integer(), nullable=False),
    sa.Column('topic', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['offering_id'], ['offerings.id'], name=op.f('fk_offering_topics_offering_id_offerings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offering_id', 'topic', name=op.f('pk_offering_topics'))
    )
    with op.batch_alter_table('offering_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offering_topics_topic'), ['topic'], unique=False)

    op.create_table('offering_translations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offering_id', sa.Integer(), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('summary', sa.String(length=600), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['offering_id'], ['offerings.id'], name=op.f('fk_offering_translations_offering_id_offerings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offering_translations')),
    sa.UniqueConstraint('offering_id', 'locale', name=op.f('uq_offering_translations_offering_id_locale'))
    )
    with op.batch_alter_table('offering_translations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offering_translations_offering_id'), ['offering_id'], unique=False)

    op.create_table('sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offering_id', sa.Integer(), nullable=False),
    sa.Column('titles', sa.JSON(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('counts_for_attendance', sa.Boolean(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_sessions_ends_after_start')),
    sa.ForeignKeyConstraint(['offering_id'], ['offerings.id'], name=op.f('fk_sessions_offering_id_offerings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions'))
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sessions_offering_id'), ['offering_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sessions_starts_at'), ['starts_at'], unique=False)

    op.create_table('offering_instructors',
    sa.Column('offering_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['offering_id'], ['offerings.id'], name=op.f('fk_offering_instructors_offering_id_offerings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_offering_instructors_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offering_id', 'user_id', name=op.f('pk_offering_instructors'))
    )
    with op.batch_alter_table('offering_instructors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offering_instructors_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_token_hash', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_users_calendar_token_hash'), ['calendar_token_hash'])



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_users_calendar_token_hash'), type_='unique')
        batch_op.drop_column('calendar_token_hash')

    with op.batch_alter_table('offering_instructors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offering_instructors_user_id'))

    op.drop_table('offering_instructors')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessions_starts_at'))
        batch_op.drop_index(batch_op.f('ix_sessions_offering_id'))

    op.drop_table('sessions')
    with op.batch_alter_table('offering_translations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offering_translations_offering_id'))

    op.drop_table('offering_translations')
    with op.batch_alter_table('offering_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offering_topics_topic'))

    op.drop_table('offering_topics')
    with op.batch_alter_table('offering_languages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offering_languages_locale'))

    op.drop_table('offering_languages')
    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_modules_offering_id'))

    op.drop_table('modules')
    with op.batch_alter_table('offerings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offerings_status'))
        batch_op.drop_index(batch_op.f('ix_offerings_starts_on'))
        batch_op.drop_index(batch_op.f('ix_offerings_published_at'))
        batch_op.drop_index(batch_op.f('ix_offerings_kind'))
        batch_op.drop_index(batch_op.f('ix_offerings_format'))
        batch_op.drop_index(batch_op.f('ix_offerings_ends_on'))

    op.drop_table('offerings')
